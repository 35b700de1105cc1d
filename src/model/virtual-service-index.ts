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
import { compareByNameThenNamespace, sortByNameThenNamespace } from './order.ts';
import { intern } from './intern.ts';
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
    const e = hasDelegate ? toEntry(r, { ...spec, http: mergeDelegateRoutes(spec.http!, r.metadata.namespace, delegates) }, domainSuffix) : cachedEntry(r, domainSuffix);
    all.push(e);
    for (const g of e.gateways) pushTo(byGateway, g, e);
    for (const h of e.spec.hosts ?? []) pushTo(byHost, h, e);
  }
  return { all, byGateway, byHost, delegates };
}

/**
 * The index after replacing `removed` VirtualServices by `added` ones, patching only the lists
 * they appear in (a one-VirtualService edit costs O(VirtualServices bound to its gateways and
 * hosts), not a rebuild). Undefined when delegation is involved — a delegate, or a root with
 * `delegate` routes, on either side — and the caller rebuilds. The result equals a rebuild's:
 * every list stays in Istio's order (name, then namespace). Keys are in no particular order.
 */
export function updateVirtualServiceIndex(prev: VirtualServiceIndex, removed: readonly Resource[], added: readonly Resource[], domainSuffix: string): VirtualServiceIndex | undefined {
  const delegation = (r: Resource<VirtualService>): boolean => (r.spec?.hosts ?? []).length === 0 || (r.spec?.http?.some((h) => h.delegate) ?? false);
  if ((removed as Resource<VirtualService>[]).some(delegation) || (added as Resource<VirtualService>[]).some(delegation)) return undefined;
  const gone = new Set<VirtualServiceEntry>();
  for (const r of removed) for (const e of prev.byHost.get(resolveShortName(((r as Resource<VirtualService>).spec?.hosts ?? [])[0] ?? '', r.metadata.namespace, domainSuffix)) ?? []) if (e.resource === r) gone.add(e);
  if (gone.size !== removed.length) return undefined;
  const fresh = sortByNameThenNamespace(added as Resource<VirtualService>[]).map((r) => cachedEntry(r, domainSuffix));
  const keys = (e: VirtualServiceEntry, of: 'gateways' | 'hosts'): readonly string[] => (of === 'gateways' ? e.gateways : (e.spec.hosts ?? []));
  const patch = (map: ReadonlyMap<string, readonly VirtualServiceEntry[]>, of: 'gateways' | 'hosts'): Map<string, readonly VirtualServiceEntry[]> => {
    const out = new Map(map);
    const touched = new Set<string>();
    for (const e of [...gone, ...fresh]) for (const k of keys(e, of)) touched.add(k);
    for (const k of touched) {
      const adds = fresh.flatMap((e) => keys(e, of).filter((x) => x === k).map(() => e));
      const list = mergeSorted((map.get(k) ?? []).filter((e) => !gone.has(e)), adds);
      if (list.length > 0) out.set(k, list);
      else out.delete(k);
    }
    return out;
  };
  return { all: mergeSorted(prev.all.filter((e) => !gone.has(e)), fresh), byGateway: patch(prev.byGateway, 'gateways'), byHost: patch(prev.byHost, 'hosts'), delegates: prev.delegates };
}

/** Merges two lists sorted by name then namespace. */
function mergeSorted(a: readonly VirtualServiceEntry[], b: readonly VirtualServiceEntry[]): VirtualServiceEntry[] {
  if (b.length === 0) return [...a];
  const out: VirtualServiceEntry[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && compareByNameThenNamespace(a[i].resource, b[j].resource) <= 0)) out.push(a[i++]);
    else out.push(b[j++]);
  }
  return out;
}

/** VirtualServices bound to `gateway` that a proxy in `clientNamespace` may see. */
export function virtualServicesForGateway(index: VirtualServiceIndex, gateway: string, clientNamespace: string): readonly VirtualServiceEntry[] {
  const list = index.byGateway.get(gateway) ?? [];
  for (const e of list) if (!isVisibleTo(e.exportTo, e.namespace, clientNamespace)) return list.filter((x) => isVisibleTo(x.exportTo, x.namespace, clientNamespace));
  return list;
}

/** The entry of a VirtualService without delegate routes, shared by every index built with the same domain suffix. */
function cachedEntry(r: Resource<VirtualService>, domainSuffix: string): VirtualServiceEntry {
  const cached = entryCache.get(r);
  if (cached && cached.domainSuffix === domainSuffix) return cached.entry;
  const entry = toEntry(r, r.spec ?? {}, domainSuffix);
  entryCache.set(r, { domainSuffix, entry });
  return entry;
}

function toEntry(r: Resource<VirtualService>, spec: VirtualService, domainSuffix: string): VirtualServiceEntry {
  const ns = r.metadata.namespace;
  const gateways = (spec.gateways && spec.gateways.length > 0 ? spec.gateways : [MESH_GATEWAY]).map((g) => intern(resolveGatewayName(g, ns)));
  const res = (h: string): string => intern(resolveShortName(h, ns, domainSuffix));
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
