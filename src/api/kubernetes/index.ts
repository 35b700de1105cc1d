/** Kubernetes kinds a mesh reads: Namespace, Service, Endpoints, EndpointSlice, Pod, Deployment, Secret, ConfigMap. */
import type { KindInfo } from '../kind.ts';
import { CONFIG_MAP_KIND } from './config-map.ts';
import { DEPLOYMENT_KIND } from './deployment.ts';
import { ENDPOINT_SLICE_KIND } from './endpoint-slice.ts';
import { ENDPOINTS_KIND } from './endpoints.ts';
import { NAMESPACE_KIND } from './namespace.ts';
import { POD_KIND } from './pod.ts';
import { SECRET_KIND } from './secret.ts';
import { SERVICE_KIND } from './service.ts';

export const KUBERNETES_KINDS: KindInfo[] = [
  NAMESPACE_KIND,
  SERVICE_KIND,
  ENDPOINTS_KIND,
  ENDPOINT_SLICE_KIND,
  POD_KIND,
  DEPLOYMENT_KIND,
  SECRET_KIND,
  CONFIG_MAP_KIND,
];
