/**
 * Gateway route configurations cached across generations, proxies and snapshots (Istio's XDS cache
 * for RDS, keyed by dependencies). A store holds, for one set of translation inputs,
 *  - the VirtualService translations (a RouteMemo: route lists shared by every configuration),
 *  - each finished route configuration, reused while its servers and their bound VirtualServices
 *    are the same objects, and the fragments it was assembled from (gateway-route-fragments.ts):
 *    when it is rebuilt, a server's fragment is reused while the server and the VirtualServices its
 *    Gateway binds are the same objects.
 * Translation inputs are the services, DestinationRules and mesh config destinations resolve against,
 * keyed by a digest of their content (content-identity.ts: a reload of an unchanged configuration
 * finds its store again), and what translation reads of the proxy: type, namespace, labels,
 * generator (proxyCacheKey). mergeGateways hands out one MergedServer per server of an unchanged
 * Gateway (by content), and generation one canonical entry per VirtualService content
 * (canonicalEntries), so identity stands for equality.
 * Everything cached is read-only and handed to every proxy that shares it.
 */
import type { RouteConfiguration } from '../envoy/types.ts';
import type { MergedServer } from '../model/merged-gateway.ts';
import type { Proxy } from '../model/proxy.ts';
import type { VirtualServiceEntry } from '../model/virtual-service-index.ts';
import { serverFragment, type ServerFragment } from './gateway-route-fragments.ts';
import { RouteMemo, type BoundRouteMemo } from './route/route-memo.ts';
import { sortVirtualHostRoutes } from './route/route-match.ts';

interface Entry {
  readonly servers: readonly MergedServer[];
  readonly bound: readonly (readonly VirtualServiceEntry[])[];
  /** One per server. */
  readonly fragments: readonly ServerFragment[];
  readonly value: RouteConfiguration;
}

export interface GatewayRouteStore {
  /** Gateway translations of VirtualServices (catch-all routes last). */
  readonly memo: RouteMemo;
  readonly configs: Map<string, Entry>;
}

/** Bounds: input sets kept (least recently used go first), proxies (distinct keys) per input set, and route configurations per store; beyond the last two a store starts over. */
const MAX_INPUT_SETS = 4;
const MAX_PROXIES = 64;
const MAX_CONFIGS = 20_000;

let stores = new Map<string, Map<string, GatewayRouteStore>>();

export interface RouteCacheInputs {
  /** translationInputsKey(snapshot). */
  readonly inputsKey: string;
  /** proxyCacheKey(proxy). */
  readonly proxyKey: string;
}

/** Forgets every store (tests use it to build an uncached reference; the bench to measure uncached generation). */
export function forgetGatewayRouteStores(): void {
  stores = new Map();
}

/** What route translation reads of a proxy. */
export function proxyCacheKey(p: Proxy): string {
  return JSON.stringify([p.type, p.namespace, p.generator ?? '', Object.entries(p.labels).sort()]);
}

export function gatewayRouteStore(i: RouteCacheInputs): GatewayRouteStore {
  let byProxy = stores.get(i.inputsKey);
  if (byProxy) {
    if (stores.size > 1) {
      // Most recently used last.
      stores.delete(i.inputsKey);
      stores.set(i.inputsKey, byProxy);
    }
  } else {
    if (stores.size >= MAX_INPUT_SETS) stores.delete(stores.keys().next().value!);
    stores.set(i.inputsKey, (byProxy = new Map()));
  }
  let store = byProxy.get(i.proxyKey);
  if (!store) {
    if (byProxy.size >= MAX_PROXIES) byProxy.clear();
    byProxy.set(i.proxyKey, (store = { memo: new RouteMemo(sortVirtualHostRoutes), configs: new Map() }));
  }
  return store;
}

function sameBound(a: readonly VirtualServiceEntry[], b: readonly VirtualServiceEntry[]): boolean {
  if (a.length !== b.length) return false;
  for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return false;
  return true;
}

/**
 * The route configuration for these servers and bound VirtualServices, remembered: the one built
 * before when they are the same, else `assemble(fragments)` with a fragment per server — the
 * previous configuration's where its server and bound VirtualServices are the same, built otherwise.
 */
export function cachedRouteConfiguration(store: GatewayRouteStore, routeName: string, servers: readonly MergedServer[], bound: readonly (readonly VirtualServiceEntry[])[], memo: BoundRouteMemo, assemble: (fragments: readonly ServerFragment[]) => RouteConfiguration): RouteConfiguration {
  const prev = store.configs.get(routeName);
  if (prev && sameServers(prev, servers, bound)) return prev.value;
  const fragments = prev ? reuseFragments(prev, servers, bound, memo) : servers.map((ms, i) => serverFragment(ms, bound[i], memo));
  const value = assemble(fragments);
  if (store.configs.size >= MAX_CONFIGS) store.configs.clear();
  store.configs.set(routeName, { servers, bound, fragments, value });
  return value;
}

function sameServers(e: Entry, servers: readonly MergedServer[], bound: readonly (readonly VirtualServiceEntry[])[]): boolean {
  if (e.servers.length !== servers.length) return false;
  for (let i = 0; i < servers.length; i++) if (e.servers[i] !== servers[i] || !sameBound(e.bound[i], bound[i])) return false;
  return true;
}

function reuseFragments(prev: Entry, servers: readonly MergedServer[], bound: readonly (readonly VirtualServiceEntry[])[], memo: BoundRouteMemo): ServerFragment[] {
  let byServer: Map<MergedServer, ServerFragment> | undefined;
  return servers.map((ms, i) => {
    // Servers usually keep their places; when Gateways come or go, look them up.
    const f = prev.servers[i] === ms ? prev.fragments[i] : (byServer ??= new Map(prev.servers.map((s, j) => [s, prev.fragments[j]]))).get(ms);
    return f && sameBound(f.bound, bound[i]) ? f : serverFragment(ms, bound[i], memo);
  });
}
