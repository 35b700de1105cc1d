/**
 * The registry's model, as Istio's (pilot/pkg/model/service.go): a Service is one host name in one
 * namespace with its ports; an IstioEndpoint is one address:port of a workload backing one service
 * port; a WorkloadInstance is a Pod or WorkloadEntry (the things proxies run beside).
 */
import type { Labels } from './labels.ts';
import type { Protocol } from './protocol.ts';

export type Resolution = 'ClientSideLB' | 'DNSLB' | 'DNSRoundRobinLB' | 'Passthrough';

export interface ServicePort {
  name: string;
  port: number;
  protocol: Protocol;
  /** Kubernetes targetPort (number or container port name) or ServiceEntry targetPort. */
  targetPort?: number | string;
}

/** Where a service came from: the config object that declared it. */
export interface ConfigRef {
  kind: string;
  name: string;
  namespace: string;
}

export interface Service {
  hostname: string;
  namespace: string;
  ports: ServicePort[];
  /** Virtual IPs (ClusterIP, ServiceEntry addresses); empty when the service has none. */
  addresses: string[];
  resolution: Resolution;
  meshExternal: boolean;
  /** exportTo as written (`.`, `*`, namespaces); undefined = the mesh default (`*`). */
  exportTo?: string[];
  labels: Labels;
  /** Workload selector (Kubernetes selector or ServiceEntry workloadSelector). */
  selector?: Labels;
  externalName?: string;
  subjectAltNames?: string[];
  source: ConfigRef;
}

export interface Locality {
  region?: string;
  zone?: string;
  subZone?: string;
}

export interface IstioEndpoint {
  /** IP address, or a DNS name for DNS-resolved ServiceEntry endpoints. */
  address: string;
  endpointPort: number;
  servicePortName: string;
  servicePort: number;
  labels: Labels;
  namespace: string;
  workloadName: string;
  serviceAccount?: string;
  locality?: Locality;
  network?: string;
  weight?: number;
  healthy: boolean;
}

export interface WorkloadInstance {
  kind: 'Pod' | 'WorkloadEntry';
  name: string;
  namespace: string;
  address: string;
  labels: Labels;
  /** Named ports: container ports of a Pod, `ports` of a WorkloadEntry. */
  ports: Record<string, number>;
  serviceAccount?: string;
  locality?: Locality;
  network?: string;
  weight?: number;
  healthy: boolean;
}

export function serviceKey(s: Pick<Service, 'hostname' | 'namespace'>): string {
  return `${s.namespace}/${s.hostname}`;
}

/** `region/zone/subzone` → Locality. */
export function parseLocality(s: string | undefined): Locality | undefined {
  if (!s) return undefined;
  const [region, zone, subZone] = s.split('/');
  const l: Locality = {};
  if (region) l.region = region;
  if (zone) l.zone = zone;
  if (subZone) l.subZone = subZone;
  return l;
}

export function findPort(svc: Service, port: number): ServicePort | undefined {
  return svc.ports.find((p) => p.port === port);
}
