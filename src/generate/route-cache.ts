/**
 * Gateway route configurations cached across generations, proxies and snapshots (Istio's XDS cache
 * for RDS, keyed by dependencies). An entry is reused only when every input it was built from is
 * the very same object as before:
 *  - the merged servers behind the route name (their Gateway resource and server index),
 *  - the VirtualServices each server's Gateway binds, as the proxy sees them (the VirtualService
 *    index reuses an entry while its resource is unchanged),
 *  - the services, DestinationRules and mesh config destinations resolve against (the store is
 *    keyed by these three objects, which a snapshot update replaces only when their kinds change),
 *  - and what route translation reads of the proxy: type, namespace, labels, generator (the key).
 * Route configurations are read-only, so one object is handed to every proxy that shares them.
 */
import type { RouteConfiguration } from '../envoy/types.ts';
import type { DestinationRuleIndex } from '../model/destination-rule-index.ts';
import type { MergedServer } from '../model/merged-gateway.ts';
import type { MeshConfig } from '../model/mesh-config.ts';
import type { Proxy } from '../model/proxy.ts';
import type { VirtualServiceEntry } from '../model/virtual-service-index.ts';
import type { ServiceRegistry } from '../registry/registry.ts';

interface Entry {
  readonly servers: readonly MergedServer[];
  readonly bound: readonly (readonly VirtualServiceEntry[])[];
  readonly value: RouteConfiguration;
}

/** Upper bound on entries per (registry, DestinationRules, mesh); the store starts over beyond it. */
const MAX_ENTRIES = 50_000;

type Store = Map<string, Entry>;
const stores = new WeakMap<ServiceRegistry, WeakMap<DestinationRuleIndex, WeakMap<MeshConfig, Store>>>();

export interface RouteCacheInputs {
  readonly registry: ServiceRegistry;
  readonly destinationRules: DestinationRuleIndex;
  readonly mesh: MeshConfig;
  /** proxyCacheKey(proxy). */
  readonly proxyKey: string;
}

/** What route translation reads of a proxy. */
export function proxyCacheKey(p: Proxy): string {
  return JSON.stringify([p.type, p.namespace, p.generator ?? '', Object.entries(p.labels).sort()]);
}

function storeFor(i: RouteCacheInputs): Store {
  let byDr = stores.get(i.registry);
  if (!byDr) stores.set(i.registry, (byDr = new WeakMap()));
  let byMesh = byDr.get(i.destinationRules);
  if (!byMesh) byDr.set(i.destinationRules, (byMesh = new WeakMap()));
  let store = byMesh.get(i.mesh);
  if (!store) byMesh.set(i.mesh, (store = new Map()));
  return store;
}

function sameInputs(e: Entry, servers: readonly MergedServer[], bound: readonly (readonly VirtualServiceEntry[])[]): boolean {
  if (e.servers.length !== servers.length) return false;
  for (let i = 0; i < servers.length; i++) {
    const a = e.servers[i];
    const b = servers[i];
    if (a.gateway !== b.gateway || a.index !== b.index) return false;
    const va = e.bound[i];
    const vb = bound[i];
    if (va.length !== vb.length) return false;
    for (let j = 0; j < va.length; j++) if (va[j] !== vb[j]) return false;
  }
  return true;
}

/** The cached route configuration for these inputs, or `build()`'s result, remembered. */
export function cachedRouteConfiguration(i: RouteCacheInputs, routeName: string, servers: readonly MergedServer[], bound: readonly (readonly VirtualServiceEntry[])[], build: () => RouteConfiguration): RouteConfiguration {
  const store = storeFor(i);
  const key = `${i.proxyKey}|${routeName}`;
  const e = store.get(key);
  if (e && sameInputs(e, servers, bound)) return e.value;
  const value = build();
  if (store.size >= MAX_ENTRIES) store.clear();
  store.set(key, { servers, bound, value });
  return value;
}
