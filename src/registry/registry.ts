/**
 * The service registry: every Service and IstioEndpoint the configuration describes, from
 * Kubernetes Services (+ Endpoints / EndpointSlices / Pods / WorkloadEntries) and ServiceEntries
 * (+ inline endpoints / selected workloads), with lookups by host name and by service.
 * Built whole from its input kinds; the snapshot rebuilds it only when one of them changes.
 */
import type { Resource } from '../api/resource.ts';
import type { ServiceEntry } from '../model/api-types.ts';
import { DEFAULT_DOMAIN_SUFFIX } from './host.ts';
import { kubernetesEndpoints, kubernetesService } from './kubernetes.ts';
import { serviceEntryEndpoints, serviceEntryServices } from './service-entry.ts';
import { serviceKey, type IstioEndpoint, type Service, type WorkloadInstance } from './service.ts';
import { podToWorkload, workloadEntryToWorkload } from './workloads.ts';

/** The kinds the registry is built from. */
export const REGISTRY_KINDS = new Set(['Service', 'Endpoints', 'EndpointSlice', 'Pod', 'WorkloadEntry', 'ServiceEntry']);

export interface RegistryOptions {
  domainSuffix?: string;
}

export interface ServiceRegistry {
  readonly domainSuffix: string;
  /** All services, Kubernetes first, then ServiceEntries, each in configuration order. */
  readonly services: readonly Service[];
  /** hostname → the services of that name (one per namespace that declares it). */
  readonly servicesByHost: ReadonlyMap<string, readonly Service[]>;
  /** serviceKey (namespace/hostname) → endpoints of every port. */
  readonly endpointsByService: ReadonlyMap<string, readonly IstioEndpoint[]>;
  /** Pods and WorkloadEntries, the workloads proxies run beside. */
  readonly workloads: readonly WorkloadInstance[];
}

export function buildServiceRegistry(resources: readonly Resource[], opts: RegistryOptions = {}): ServiceRegistry {
  const domainSuffix = opts.domainSuffix ?? DEFAULT_DOMAIN_SUFFIX;
  const byKind = groupByKind(resources);
  const pods = new Map<string, WorkloadInstance>();
  const workloads: WorkloadInstance[] = [];
  for (const r of byKind.get('Pod') ?? []) {
    const w = podToWorkload(r);
    if (w) {
      pods.set(`${w.namespace}/${w.name}`, w);
      workloads.push(w);
    }
  }
  for (const r of byKind.get('WorkloadEntry') ?? []) {
    const w = workloadEntryToWorkload(r);
    if (w) workloads.push(w);
  }
  const endpointsByName = indexByNamespacedName(byKind.get('Endpoints') ?? []);
  const slicesByService = new Map<string, Resource[]>();
  for (const s of byKind.get('EndpointSlice') ?? []) {
    const svc = s.metadata.labels?.['kubernetes.io/service-name'];
    if (!svc) continue;
    const k = `${s.metadata.namespace}/${svc}`;
    pushTo(slicesByService, k, s);
  }
  const workloadsByNs = new Map<string, WorkloadInstance[]>();
  for (const w of workloads) pushTo(workloadsByNs, w.namespace, w);

  const services: Service[] = [];
  const endpointsByService = new Map<string, IstioEndpoint[]>();
  const seen = new Set<string>();
  for (const r of byKind.get('Service') ?? []) {
    const svc = kubernetesService(r, domainSuffix);
    const key = `${r.metadata.namespace}/${r.metadata.name}`;
    const eps = kubernetesEndpoints(svc, { endpoints: endpointsByName.get(key), slices: slicesByService.get(key) ?? [], pods, workloads: workloadsByNs.get(svc.namespace) ?? [] });
    services.push(svc);
    seen.add(serviceKey(svc));
    endpointsByService.set(serviceKey(svc), eps);
  }
  for (const r of byKind.get('ServiceEntry') ?? []) {
    for (const svc of serviceEntryServices(r as Resource<ServiceEntry>, domainSuffix)) {
      const key = serviceKey(svc);
      if (seen.has(key)) continue;
      seen.add(key);
      services.push(svc);
      endpointsByService.set(key, serviceEntryEndpoints(r as Resource<ServiceEntry>, svc, workloadsByNs.get(svc.namespace) ?? []));
    }
  }
  const servicesByHost = new Map<string, Service[]>();
  for (const s of services) pushTo(servicesByHost, s.hostname, s);
  return { domainSuffix, services, servicesByHost, endpointsByService, workloads };
}

export function pushTo<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function groupByKind(resources: readonly Resource[]): Map<string, Resource[]> {
  const m = new Map<string, Resource[]>();
  for (const r of resources) {
    if (!REGISTRY_KINDS.has(r.kind)) continue;
    const list = m.get(r.kind);
    if (list) list.push(r);
    else m.set(r.kind, [r]);
  }
  return m;
}

function indexByNamespacedName(rs: readonly Resource[]): Map<string, Resource> {
  const m = new Map<string, Resource>();
  for (const r of rs) m.set(`${r.metadata.namespace}/${r.metadata.name}`, r);
  return m;
}
