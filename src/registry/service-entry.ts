/**
 * ServiceEntry → one Service per host (Istio's convertServices) and its endpoints: inline
 * `endpoints`, or the WorkloadEntries and Pods its `workloadSelector` matches in its namespace.
 * DNS-resolved entries without endpoints resolve the host itself (the cluster's STRICT_DNS target).
 */
import type { Resource } from '../api/resource.ts';
import type { ServiceEntry } from '../model/api-types.ts';
import { resolveShortName } from './host.ts';
import { workloadEndpoint } from './kubernetes.ts';
import { selectorMatches } from './labels.ts';
import { parseProtocol } from './protocol.ts';
import type { IstioEndpoint, Resolution, Service, ServicePort, WorkloadInstance } from './service.ts';
import { inlineEndpointToWorkload } from './workloads.ts';

const RESOLUTION: Record<string, Resolution> = { NONE: 'Passthrough', STATIC: 'ClientSideLB', DNS: 'DNSLB', DNS_ROUND_ROBIN: 'DNSRoundRobinLB' };

export function serviceEntryServices(r: Resource<ServiceEntry>, domainSuffix: string): Service[] {
  const spec = r.spec ?? {};
  const ports: ServicePort[] = (spec.ports ?? []).map((p) => ({ name: p.name ?? '', port: p.number, protocol: parseProtocol(p.protocol), targetPort: p.targetPort }));
  const resolution = RESOLUTION[spec.resolution ?? 'NONE'] ?? 'Passthrough';
  const addresses = (spec.addresses ?? []).filter((a) => !a.includes('/') || a.endsWith('/32'));
  return (spec.hosts ?? []).map((h) => ({
    hostname: resolveShortName(h, r.metadata.namespace, domainSuffix),
    namespace: r.metadata.namespace,
    ports,
    addresses: addresses.map((a) => a.replace(/\/32$/, '')),
    resolution,
    meshExternal: spec.location !== 'MESH_INTERNAL',
    exportTo: spec.exportTo,
    labels: r.metadata.labels ?? {},
    selector: spec.workloadSelector?.labels,
    subjectAltNames: spec.subjectAltNames,
    source: { kind: 'ServiceEntry', name: r.metadata.name, namespace: r.metadata.namespace },
  }));
}

export function serviceEntryEndpoints(r: Resource<ServiceEntry>, svc: Service, workloads: readonly WorkloadInstance[]): IstioEndpoint[] {
  const spec = r.spec ?? {};
  const out: IstioEndpoint[] = [];
  const add = (w: WorkloadInstance, sp: ServicePort): void => {
    const ep = workloadEndpoint(w, sp);
    if (ep) out.push(ep);
  };
  if (spec.workloadSelector?.labels) {
    for (const w of workloads) {
      if (w.namespace !== svc.namespace || !selectorMatches(spec.workloadSelector.labels, w.labels)) continue;
      for (const sp of svc.ports) add(w, sp);
    }
  } else if (spec.endpoints && spec.endpoints.length > 0) {
    spec.endpoints.forEach((e, i) => {
      const w = inlineEndpointToWorkload(e, svc.namespace, r.metadata.name, i);
      if (w) for (const sp of svc.ports) add(w, sp);
    });
  } else if (svc.resolution === 'DNSLB' || svc.resolution === 'DNSRoundRobinLB') {
    if (!svc.hostname.startsWith('*')) {
      for (const sp of svc.ports) {
        out.push({ address: svc.hostname, endpointPort: typeof sp.targetPort === 'number' ? sp.targetPort : sp.port, servicePortName: sp.name, servicePort: sp.port, labels: {}, namespace: svc.namespace, workloadName: '', healthy: true });
      }
    }
  }
  return out;
}
