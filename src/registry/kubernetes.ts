/**
 * Kubernetes Services and their endpoints: `Endpoints` or `EndpointSlice` objects when present,
 * otherwise the Pods the selector matches; WorkloadEntries matched by the selector join in either
 * case (Istio's WorkloadEntry-for-Kubernetes-Service behaviour). Host names are
 * `name.namespace.svc.<domainSuffix>`.
 */
import type { Resource } from '../api/resource.ts';
import type { K8sEndpointsBody, K8sEndpointSliceBody, K8sServiceSpec } from '../model/api-types.ts';
import { kubernetesFqdn } from './host.ts';
import { isEmptySelector, selectorMatches } from './labels.ts';
import { protocolFromKubernetesPort } from './protocol.ts';
import type { IstioEndpoint, Service, ServicePort, WorkloadInstance } from './service.ts';

export function kubernetesService(r: Resource<K8sServiceSpec>, domainSuffix: string): Service {
  const spec = r.spec ?? {};
  const ports: ServicePort[] = (spec.ports ?? []).map((p) => ({
    name: p.name ?? '',
    port: p.port,
    protocol: protocolFromKubernetesPort(p.name, p.appProtocol, p.protocol),
    targetPort: p.targetPort,
  }));
  const headless = spec.clusterIP === 'None';
  const vips = headless ? [] : (spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : []));
  const exportTo = r.metadata.annotations?.['networking.istio.io/exportTo'];
  return {
    hostname: kubernetesFqdn(r.metadata.name, r.metadata.namespace, domainSuffix),
    namespace: r.metadata.namespace,
    ports,
    addresses: vips,
    resolution: spec.type === 'ExternalName' ? 'DNSLB' : headless ? 'Passthrough' : 'ClientSideLB',
    meshExternal: spec.type === 'ExternalName',
    exportTo: exportTo ? exportTo.split(',').map((s) => s.trim()).filter(Boolean) : undefined,
    labels: r.metadata.labels ?? {},
    selector: isEmptySelector(spec.selector) ? undefined : spec.selector,
    externalName: spec.externalName,
    source: { kind: 'Service', name: r.metadata.name, namespace: r.metadata.namespace },
  };
}

/** The port a workload serves a service port on: WorkloadEntry named port, targetPort, or the port. */
export function endpointPortFor(w: WorkloadInstance, sp: ServicePort): number | undefined {
  if (w.kind === 'WorkloadEntry' && sp.name && w.ports[sp.name] !== undefined) return w.ports[sp.name];
  const tp = sp.targetPort;
  if (typeof tp === 'number') return tp;
  if (typeof tp === 'string' && tp !== '') {
    if (/^\d+$/.test(tp)) return Number(tp);
    return w.ports[tp];
  }
  return sp.port;
}

export function workloadEndpoint(w: WorkloadInstance, sp: ServicePort): IstioEndpoint | undefined {
  const port = endpointPortFor(w, sp);
  if (port === undefined) return undefined;
  return {
    address: w.address,
    endpointPort: port,
    servicePortName: sp.name,
    servicePort: sp.port,
    labels: w.labels,
    namespace: w.namespace,
    workloadName: w.name,
    serviceAccount: w.serviceAccount,
    locality: w.locality,
    network: w.network,
    weight: w.weight,
    healthy: w.healthy,
  };
}

export interface KubernetesEndpointSources {
  endpoints?: Resource;
  slices: Resource[];
  /** Pods by namespace/name, for labels of addresses that name their Pod. */
  pods: Map<string, WorkloadInstance>;
  /** Workloads in the service's namespace (Pods and WorkloadEntries). */
  workloads: WorkloadInstance[];
}

export function kubernetesEndpoints(svc: Service, src: KubernetesEndpointSources): IstioEndpoint[] {
  const out: IstioEndpoint[] = [];
  if (src.endpoints) out.push(...fromEndpoints(svc, src.endpoints, src.pods));
  else if (src.slices.length > 0) for (const s of src.slices) out.push(...fromSlice(svc, s, src.pods));
  else if (svc.selector) {
    for (const w of src.workloads) {
      if (w.kind !== 'Pod' || w.namespace !== svc.namespace || !selectorMatches(svc.selector, w.labels)) continue;
      for (const sp of svc.ports) {
        const ep = workloadEndpoint(w, sp);
        if (ep) out.push(ep);
      }
    }
  }
  if (svc.selector) {
    for (const w of src.workloads) {
      if (w.kind !== 'WorkloadEntry' || w.namespace !== svc.namespace || !selectorMatches(svc.selector, w.labels)) continue;
      for (const sp of svc.ports) {
        const ep = workloadEndpoint(w, sp);
        if (ep && !out.some((e) => e.address === ep.address && e.endpointPort === ep.endpointPort && e.servicePort === ep.servicePort)) out.push(ep);
      }
    }
  }
  return out;
}

function portFor(svc: Service, name: string | undefined, count: number): ServicePort | undefined {
  return svc.ports.find((p) => p.name === (name ?? '')) ?? (count === 1 && svc.ports.length === 1 ? svc.ports[0] : undefined);
}

function addressEndpoint(svc: Service, sp: ServicePort, ip: string, port: number, ref: { name?: string; namespace?: string } | undefined, pods: Map<string, WorkloadInstance>, healthy: boolean): IstioEndpoint {
  const pod = ref?.name ? pods.get(`${ref.namespace ?? svc.namespace}/${ref.name}`) : undefined;
  return {
    address: ip,
    endpointPort: port,
    servicePortName: sp.name,
    servicePort: sp.port,
    labels: pod?.labels ?? {},
    namespace: svc.namespace,
    workloadName: ref?.name ?? '',
    serviceAccount: pod?.serviceAccount,
    locality: pod?.locality,
    healthy,
  };
}

function fromEndpoints(svc: Service, r: Resource, pods: Map<string, WorkloadInstance>): IstioEndpoint[] {
  const out: IstioEndpoint[] = [];
  for (const subset of (r.body as K8sEndpointsBody).subsets ?? []) {
    const ports = subset.ports ?? [];
    for (const p of ports) {
      const sp = portFor(svc, p.name, ports.length);
      if (!sp) continue;
      for (const a of subset.addresses ?? []) out.push(addressEndpoint(svc, sp, a.ip, p.port, a.targetRef, pods, true));
      for (const a of subset.notReadyAddresses ?? []) out.push(addressEndpoint(svc, sp, a.ip, p.port, a.targetRef, pods, false));
    }
  }
  return out;
}

function fromSlice(svc: Service, r: Resource, pods: Map<string, WorkloadInstance>): IstioEndpoint[] {
  const out: IstioEndpoint[] = [];
  const body = r.body as K8sEndpointSliceBody;
  const ports = body.ports ?? [];
  for (const p of ports) {
    const sp = portFor(svc, p.name, ports.length);
    if (!sp || p.port === undefined) continue;
    for (const e of body.endpoints ?? []) {
      for (const ip of e.addresses ?? []) out.push(addressEndpoint(svc, sp, ip, p.port, e.targetRef, pods, e.conditions?.ready !== false));
    }
  }
  return out;
}
