/**
 * core/v1 Service: the selector, ports and addresses a mesh turns into its service registry.
 * The spec is strict (users type it by hand; a misspelled `targetport` silently breaks routing);
 * the status, written by Kubernetes, is open.
 */
import { any, bool, enumOf, int, intOrString, list, obj, required, str, stringList, stringMap, type Infer } from '../schema.ts';
import { CORE, IP_FAMILIES, k8sKind, protocol } from './common.ts';

export const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const;
export const TRAFFIC_POLICIES = ['Cluster', 'Local'] as const;

export const servicePort = obj(
  {
    name: str(),
    protocol,
    appProtocol: str(),
    port: required(int()),
    targetPort: intOrString(),
    nodePort: int(),
  },
  { name: 'ServicePort' },
);

export const sessionAffinityConfig = obj(
  { clientIP: obj({ timeoutSeconds: int({ min: 1, max: 86400 }) }, { name: 'ClientIPConfig' }) },
  { name: 'SessionAffinityConfig' },
);

export const serviceSpec = obj(
  {
    selector: stringMap,
    ports: list(servicePort),
    type: enumOf(SERVICE_TYPES),
    clusterIP: str(),
    clusterIPs: stringList,
    externalIPs: stringList,
    loadBalancerIP: str(),
    loadBalancerSourceRanges: stringList,
    loadBalancerClass: str(),
    allocateLoadBalancerNodePorts: bool(),
    externalName: str(),
    externalTrafficPolicy: enumOf(TRAFFIC_POLICIES),
    internalTrafficPolicy: enumOf(TRAFFIC_POLICIES),
    healthCheckNodePort: int(),
    publishNotReadyAddresses: bool(),
    sessionAffinity: enumOf(['ClientIP', 'None']),
    sessionAffinityConfig,
    ipFamilies: list(enumOf(IP_FAMILIES)),
    ipFamilyPolicy: enumOf(['SingleStack', 'PreferDualStack', 'RequireDualStack']),
    trafficDistribution: str(),
  },
  { name: 'ServiceSpec' },
);

export const loadBalancerIngress = obj(
  { ip: str(), hostname: str(), ipMode: str(), ports: list(any()) },
  { name: 'LoadBalancerIngress', open: true },
);

export const serviceStatus = obj(
  { loadBalancer: obj({ ingress: list(loadBalancerIngress) }, { open: true }), conditions: list(any()) },
  { name: 'ServiceStatus', open: true },
);

export const serviceBody = obj({ spec: serviceSpec, status: serviceStatus }, { name: 'Service' });

export const SERVICE_KIND = k8sKind(CORE, 'Service', 'services', ['v1'], true, serviceBody);

export type ServicePort = Infer<typeof servicePort>;
export type ServiceSpec = Infer<typeof serviceSpec>;
export type ServiceStatus = Infer<typeof serviceStatus>;
/** The body of a Service resource (`Resource.body`): spec and status. */
export type Service = Infer<typeof serviceBody>;
