/**
 * core/v1 Pod and its PodSpec. What a mesh reads (containers, their ports, the service account,
 * host networking, the pod IPs) is typed and checked strictly; the rest of PodSpec and Container —
 * a large surface a mesh never reads — is accepted as is (`open`), so real manifests pass.
 */
import { any, bool, enumOf, int, list, obj, required, str, stringList, stringMap, type Infer } from '../schema.ts';
import { objectMeta } from '../meta.ts';
import { CORE, k8sKind, protocol } from './common.ts';

export const containerPort = obj(
  {
    containerPort: required(int()),
    name: str(),
    protocol,
    hostPort: int(),
    hostIP: str(),
  },
  { name: 'ContainerPort' },
);

export const envVar = obj({ name: required(str()), value: str(), valueFrom: any() }, { name: 'EnvVar' });

export const container = obj(
  {
    name: required(str()),
    image: str(),
    imagePullPolicy: enumOf(['Always', 'IfNotPresent', 'Never']),
    command: stringList,
    args: stringList,
    workingDir: str(),
    ports: list(containerPort),
    env: list(envVar),
    envFrom: list(any()),
    resources: any(),
    volumeMounts: list(any()),
    readinessProbe: any(),
    livenessProbe: any(),
    startupProbe: any(),
    lifecycle: any(),
    securityContext: any(),
    restartPolicy: str(),
  },
  { name: 'Container', open: true },
);

export const podSpec = obj(
  {
    containers: required(list(container)),
    initContainers: list(container),
    serviceAccountName: str(),
    serviceAccount: str(),
    automountServiceAccountToken: bool(),
    hostNetwork: bool(),
    nodeName: str(),
    nodeSelector: stringMap,
    hostname: str(),
    subdomain: str(),
    restartPolicy: enumOf(['Always', 'OnFailure', 'Never']),
    terminationGracePeriodSeconds: int({ min: 0 }),
    dnsPolicy: enumOf(['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']),
    volumes: list(any()),
    imagePullSecrets: list(obj({ name: str() }, { name: 'LocalObjectReference' })),
    securityContext: any(),
    affinity: any(),
    tolerations: list(any()),
    priorityClassName: str(),
  },
  { name: 'PodSpec', open: true },
);

export const POD_PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'] as const;

export const podStatus = obj(
  {
    phase: enumOf(POD_PHASES),
    podIP: str(),
    podIPs: list(obj({ ip: str() }, { name: 'PodIP' })),
    hostIP: str(),
    hostIPs: list(obj({ ip: str() }, { name: 'HostIP' })),
    conditions: list(any()),
    containerStatuses: list(any()),
  },
  { name: 'PodStatus', open: true },
);

/** A Pod template (Deployment, ReplicaSet, ...): metadata plus a PodSpec. */
export const podTemplateSpec = obj({ metadata: objectMeta, spec: required(podSpec) }, { name: 'PodTemplateSpec' });

export const podBody = obj({ spec: required(podSpec), status: podStatus }, { name: 'Pod' });

export const POD_KIND = k8sKind(CORE, 'Pod', 'pods', ['v1'], true, podBody);

export type ContainerPort = Infer<typeof containerPort>;
export type Container = Infer<typeof container>;
export type PodSpec = Infer<typeof podSpec>;
export type PodStatus = Infer<typeof podStatus>;
export type PodTemplateSpec = Infer<typeof podTemplateSpec>;
/** The body of a Pod resource: spec and status. */
export type Pod = Infer<typeof podBody>;
