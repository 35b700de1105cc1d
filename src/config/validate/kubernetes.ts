/** Semantic validators of the Kubernetes kinds a mesh reads, by kind. */
import type { Validator } from './context.ts';
import { validateConfigMap } from './k8s-config-map.ts';
import { validateDeployment } from './k8s-deployment.ts';
import { validateEndpointSlice, validateEndpoints } from './k8s-endpoints.ts';
import { validateNamespace } from './k8s-namespace.ts';
import { validatePod } from './k8s-pod.ts';
import { validateSecret } from './k8s-secret.ts';
import { validateService } from './k8s-service.ts';

export const KUBERNETES_VALIDATORS: Record<string, Validator> = {
  Namespace: validateNamespace,
  Service: validateService as Validator,
  Endpoints: validateEndpoints,
  EndpointSlice: validateEndpointSlice,
  Pod: validatePod,
  Deployment: validateDeployment,
  Secret: validateSecret,
  ConfigMap: validateConfigMap,
};
