/**
 * What one proxy can see (Istio's SidecarScope): the services and VirtualServices visible from its
 * namespace by exportTo, narrowed by the Sidecar resource that applies to it (workloadSelector
 * match in its namespace, else the namespace-wide one, else the root namespace's), and the
 * outbound traffic policy (Sidecar's, else the mesh's).
 */
import type { Resource } from '../api/resource.ts';
import { hostMatches, splitNamespacedHost } from '../registry/host.ts';
import { selectorMatches, type Labels } from '../registry/labels.ts';
import type { Service } from '../registry/service.ts';
import type { Sidecar } from './api-types.ts';
import { MESH_GATEWAY, virtualServicesForGateway, type VirtualServiceEntry, type VirtualServiceIndex } from './virtual-service-index.ts';
import { isVisibleTo } from './visibility.ts';

export interface SidecarScope {
  readonly sidecar?: Resource<Sidecar>;
  readonly namespace: string;
  /** Visible services; one per host name (the proxy's own namespace wins, then the first declared). */
  readonly services: readonly Service[];
  readonly servicesByHost: ReadonlyMap<string, Service>;
  /** VirtualServices bound to `mesh` that this proxy sees. */
  readonly meshVirtualServices: readonly VirtualServiceEntry[];
  readonly outboundTrafficPolicy: 'ALLOW_ANY' | 'REGISTRY_ONLY';
}

export interface ScopeInput {
  readonly services: readonly Service[];
  readonly virtualServices: VirtualServiceIndex;
  readonly sidecars: readonly Resource<Sidecar>[];
  readonly rootNamespace: string;
  readonly meshOutboundPolicy: 'ALLOW_ANY' | 'REGISTRY_ONLY';
}

/** The Sidecar resource that applies to a workload, by Istio's precedence. */
export function sidecarFor(sidecars: readonly Resource<Sidecar>[], namespace: string, labels: Labels, rootNamespace: string): Resource<Sidecar> | undefined {
  const inNs = sidecars.filter((s) => s.metadata.namespace === namespace);
  const selected = inNs.find((s) => s.spec?.workloadSelector?.labels && selectorMatches(s.spec.workloadSelector.labels, labels));
  if (selected) return selected;
  const nsWide = inNs.find((s) => !s.spec?.workloadSelector?.labels);
  if (nsWide) return nsWide;
  return sidecars.find((s) => s.metadata.namespace === rootNamespace && !s.spec?.workloadSelector?.labels);
}

/** Does an egress host (`ns/host`, `./host`, `*\/host`, `~/host`) admit a host of namespace `ns`? */
export function egressHostAdmits(egressHost: string, sidecarNs: string, host: string, ns: string): boolean {
  const { namespace, host: h } = splitNamespacedHost(egressHost);
  if (namespace === '~') return false;
  const nsOk = namespace === '*' || namespace === ns || (namespace === '.' && ns === sidecarNs);
  return nsOk && hostMatches(h, host);
}

export function buildSidecarScope(input: ScopeInput, proxy: { namespace: string; labels: Labels; type: 'router' | 'sidecar' }): SidecarScope {
  const sidecar = proxy.type === 'sidecar' ? sidecarFor(input.sidecars, proxy.namespace, proxy.labels, input.rootNamespace) : undefined;
  const egressHosts = sidecar ? (sidecar.spec?.egress ?? []).flatMap((e) => e.hosts ?? []) : undefined;
  const sidecarNs = sidecar?.metadata.namespace ?? proxy.namespace;
  const admits = (host: string, ns: string): boolean => !egressHosts || egressHosts.some((e) => egressHostAdmits(e, sidecarNs, host, ns));
  const servicesByHost = new Map<string, Service>();
  for (const s of input.services) {
    if (!isVisibleTo(s.exportTo, s.namespace, proxy.namespace) || !admits(s.hostname, s.namespace)) continue;
    const prev = servicesByHost.get(s.hostname);
    if (!prev || (prev.namespace !== proxy.namespace && s.namespace === proxy.namespace)) servicesByHost.set(s.hostname, s);
  }
  const meshVirtualServices = virtualServicesForGateway(input.virtualServices, MESH_GATEWAY, proxy.namespace).filter((vs) => (vs.spec.hosts ?? []).some((h) => admits(h, vs.namespace)));
  return {
    sidecar,
    namespace: proxy.namespace,
    services: [...servicesByHost.values()],
    servicesByHost,
    meshVirtualServices,
    outboundTrafficPolicy: sidecar?.spec?.outboundTrafficPolicy?.mode ?? input.meshOutboundPolicy,
  };
}
