/**
 * VirtualServices indexed the way Istio's PushContext does: host names and destination hosts
 * resolved to FQDNs against the VirtualService's namespace, `gateways` normalised to `ns/name`
 * (or `mesh`, the default), delegates merged into their root, and lookups by gateway and by host
 * filtered by exportTo visibility.
 */
import type { Resource } from '../api/resource.ts';
import { resolveShortName } from '../registry/host.ts';
import { pushTo } from '../registry/registry.ts';
import type { Destination, HTTPRoute, VirtualService } from './api-types.ts';
import { mergeDelegateRoutes } from './delegate.ts';
import { sortByNameThenNamespace } from './order.ts';
import { isVisibleTo } from './visibility.ts';

export const MESH_GATEWAY = 'mesh';

export interface VirtualServiceEntry {
  readonly resource: Resource<VirtualService>;
  readonly name: string;
  readonly namespace: string;
  /** The spec with hosts resolved to FQDNs and delegate routes merged in. */
  readonly spec: VirtualService;
  /** Bound gateways: `mesh` or `namespace/name`. */
  readonly gateways: readonly string[];
  readonly exportTo?: readonly string[];
}

export interface VirtualServiceIndex {
  readonly all: readonly VirtualServiceEntry[];
  readonly byGateway: ReadonlyMap<string, readonly VirtualServiceEntry[]>;
  readonly byHost: ReadonlyMap<string, readonly VirtualServiceEntry[]>;
  /** Delegate VirtualServices (no hosts) by `namespace/name`. */
  readonly delegates: ReadonlyMap<string, VirtualServiceEntry>;
}

/** `name` → `vsNamespace/name`; `ns/name` and `mesh` unchanged; legacy `name.ns.svc.domain` → `ns/name`. */
export function resolveGatewayName(gateway: string, vsNamespace: string): string {
  if (gateway === MESH_GATEWAY || gateway.includes('/')) return gateway;
  const parts = gateway.split('.');
  if (parts.length > 1) return `${parts[1]}/${parts[0]}`;
  return `${vsNamespace}/${gateway}`;
}

/** Entries of unchanged VirtualServices are reused across rebuilds (resources are immutable). */
const entryCache = new WeakMap<Resource, { domainSuffix: string; entry: VirtualServiceEntry }>();

export function buildVirtualServiceIndex(resources: readonly Resource[], domainSuffix: string): VirtualServiceIndex {
  const sorted = sortByNameThenNamespace(resources);
  const delegates = new Map<string, VirtualServiceEntry>();
  const roots: Resource<VirtualService>[] = [];
  for (const r of sorted as Resource<VirtualService>[]) {
    if ((r.spec?.hosts ?? []).length === 0) delegates.set(`${r.metadata.namespace}/${r.metadata.name}`, toEntry(r, r.spec ?? {}, domainSuffix));
    else roots.push(r);
  }
  const all: VirtualServiceEntry[] = [];
  const byGateway = new Map<string, VirtualServiceEntry[]>();
  const byHost = new Map<string, VirtualServiceEntry[]>();
  for (const r of roots) {
    const spec = r.spec ?? {};
    const hasDelegate = spec.http?.some((h) => h.delegate) ?? false;
    const cached = hasDelegate ? undefined : entryCache.get(r);
    const e = cached && cached.domainSuffix === domainSuffix ? cached.entry : toEntry(r, hasDelegate ? { ...spec, http: mergeDelegateRoutes(spec.http!, r.metadata.namespace, delegates) } : spec, domainSuffix);
    if (!hasDelegate && !cached) entryCache.set(r, { domainSuffix, entry: e });
    all.push(e);
    for (const g of e.gateways) pushTo(byGateway, g, e);
    for (const h of e.spec.hosts ?? []) pushTo(byHost, h, e);
  }
  return { all, byGateway, byHost, delegates };
}

/** VirtualServices bound to `gateway` that a proxy in `clientNamespace` may see. */
export function virtualServicesForGateway(index: VirtualServiceIndex, gateway: string, clientNamespace: string): readonly VirtualServiceEntry[] {
  const list = index.byGateway.get(gateway) ?? [];
  for (const e of list) if (!isVisibleTo(e.exportTo, e.namespace, clientNamespace)) return list.filter((x) => isVisibleTo(x.exportTo, x.namespace, clientNamespace));
  return list;
}

function toEntry(r: Resource<VirtualService>, spec: VirtualService, domainSuffix: string): VirtualServiceEntry {
  const ns = r.metadata.namespace;
  const gateways = (spec.gateways && spec.gateways.length > 0 ? spec.gateways : [MESH_GATEWAY]).map((g) => resolveGatewayName(g, ns));
  const res = (h: string): string => resolveShortName(h, ns, domainSuffix);
  const dest = (d: Destination | undefined): Destination | undefined => (d ? { ...d, host: res(d.host ?? '') } : d);
  const resolved: VirtualService = {
    ...spec,
    hosts: spec.hosts?.map(res),
    http: spec.http?.map((h) => resolveHttp(h, dest)),
    tls: spec.tls?.map((t) => ({ ...t, route: t.route?.map((d) => ({ ...d, destination: dest(d.destination)! })) })),
    tcp: spec.tcp?.map((t) => ({ ...t, route: t.route?.map((d) => ({ ...d, destination: dest(d.destination)! })) })),
  };
  return { resource: r, name: r.metadata.name, namespace: ns, spec: resolved, gateways, exportTo: spec.exportTo };
}

function resolveHttp(h: HTTPRoute, dest: (d: Destination | undefined) => Destination | undefined): HTTPRoute {
  return {
    ...h,
    route: h.route?.map((d) => ({ ...d, destination: dest(d.destination)! })),
    mirror: dest(h.mirror),
    mirrors: h.mirrors?.map((m) => ({ ...m, destination: dest(m.destination)! })),
  };
}
