/**
 * Everything generation derives once per (proxy, snapshot): the proxy's sidecar scope (visible
 * services and VirtualServices), its merged Gateways when it is a router, and lookups of services
 * and DestinationRules as that proxy sees them.
 */
import type { Gateway } from '../model/api-types.ts';
import { destinationRuleFor, type ConsolidatedDestinationRule } from '../model/destination-rule-index.ts';
import { mergeGateways, type MergedGateway } from '../model/merged-gateway.ts';
import type { Proxy } from '../model/proxy.ts';
import { buildSidecarScope, type SidecarScope } from '../model/sidecar-scope.ts';
import type { MeshSnapshot } from '../model/snapshot.ts';
import type { Resource } from '../api/resource.ts';
import { isWildcard, mostSpecificMatch } from '../registry/host.ts';
import { selectorMatches } from '../registry/labels.ts';
import type { Service } from '../registry/service.ts';
import type { Destination } from '../model/api-types.ts';
import type { RouteOptions } from './route/http-route.ts';
import { consistentHashFor } from './route/hash-policy.ts';
import { bindRouteMemo, RouteMemo, type BoundRouteMemo, type RouteBase } from './route/route-memo.ts';
import { sortVirtualHostRoutes } from './route/route-match.ts';

export interface GenerationContext {
  readonly proxy: Proxy;
  readonly snapshot: MeshSnapshot;
  readonly scope: SidecarScope;
  /** Gateways selecting a router, merged; undefined for sidecars. */
  readonly mergedGateway?: MergedGateway;
  readonly gateways: readonly Resource<Gateway>[];
  /** A visible service by host name (falling back to any service of that name). */
  service(host: string): Service | undefined;
  destinationRule(service: Pick<Service, 'hostname' | 'namespace'>): ConsolidatedDestinationRule | undefined;
  routeOptions(listenerPort: number, gatewayNames: ReadonlySet<string>, isTls: boolean): RouteOptions;
  /** The proxy, lookups and mesh defaults route translation uses (routeOptions without the listener). */
  readonly routeBase: RouteBase;
  /** VirtualService routes translated once per generation: `gateway` sorts catch-all routes last, `mesh` keeps rule order. */
  routeMemo(kind: 'gateway' | 'mesh'): BoundRouteMemo;
  /** Per-generation memo for generators (route lists shared between route configurations, ...). */
  readonly memo: Map<string, unknown>;
}

export function createContext(proxy: Proxy, snapshot: MeshSnapshot): GenerationContext {
  const scope = buildSidecarScope(
    { services: snapshot.registry.services, virtualServices: snapshot.virtualServices, sidecars: snapshot.sidecars, rootNamespace: snapshot.rootNamespace, meshOutboundPolicy: snapshot.mesh.outboundTrafficPolicy },
    proxy,
  );
  const { gateways, mergedGateway } = proxy.type === 'router' ? routerGateways(proxy, snapshot) : { gateways: [], mergedGateway: undefined };
  const wildcardHosts = scope.services.filter((s) => isWildcard(s.hostname)).map((s) => s.hostname);
  const service = (host: string): Service | undefined => {
    const exact = scope.servicesByHost.get(host) ?? snapshot.registry.servicesByHost.get(host)?.[0];
    if (exact || wildcardHosts.length === 0) return exact;
    const w = mostSpecificMatch(host, wildcardHosts);
    return w ? scope.servicesByHost.get(w) : undefined;
  };
  const drCache = new Map<string, ConsolidatedDestinationRule | undefined>();
  const noRules = snapshot.destinationRules.all.length === 0;
  const destinationRule = (s: Pick<Service, 'hostname' | 'namespace'>): ConsolidatedDestinationRule | undefined => {
    if (noRules) return undefined;
    const key = `${s.namespace}/${s.hostname}`;
    if (drCache.has(key)) return drCache.get(key);
    const dr = destinationRuleFor(snapshot.destinationRules, proxy, s);
    drCache.set(key, dr);
    return dr;
  };
  const lookupHash = (d: Destination) => {
    const svc = service(d.host);
    const dr = destinationRule(svc ?? { hostname: d.host, namespace: '' });
    return consistentHashFor(dr?.rule, d);
  };
  const base: RouteBase = { proxy, lookupService: service, lookupHash, meshRetryPolicy: snapshot.mesh.defaultHttpRetryPolicy };
  const memos = new Map<string, BoundRouteMemo>();
  return {
    proxy,
    snapshot,
    scope,
    mergedGateway,
    gateways,
    memo: new Map(),
    service,
    destinationRule,
    routeOptions: (listenerPort, gatewayNames, isTls) => ({ ...base, listenerPort, gatewayNames, isTls }),
    routeBase: base,
    routeMemo: (kind) => {
      let m = memos.get(kind);
      if (!m) memos.set(kind, (m = bindRouteMemo(new RouteMemo(kind === 'gateway' ? sortVirtualHostRoutes : undefined), base)));
      return m;
    },
  };
}

interface RouterGateways {
  readonly gateways: readonly Resource<Gateway>[];
  readonly mergedGateway: MergedGateway;
}

/**
 * The Gateways selecting a router, merged (Istio computes these once per push per proxy): shared
 * by every replica with the same labels and namespace, and kept while the snapshot's Gateway list
 * is the same array (snapshot.update shares it when no Gateway changed).
 */
const mergedByGatewayList = new WeakMap<readonly Resource<Gateway>[], Map<string, RouterGateways>>();
const MAX_MERGED_PER_LIST = 256;

function routerGateways(proxy: Proxy, snapshot: MeshSnapshot): RouterGateways {
  const portMap = gatewayPortMap(proxy, snapshot);
  const key = JSON.stringify([Object.entries(proxy.labels).sort(), [...portMap]]);
  let byKey = mergedByGatewayList.get(snapshot.gateways);
  if (!byKey) mergedByGatewayList.set(snapshot.gateways, (byKey = new Map()));
  let r = byKey.get(key);
  if (!r) {
    const gateways = snapshot.gatewaysForWorkload(proxy.labels);
    r = { gateways, mergedGateway: mergeGateways(gateways, portMap) };
    if (byKey.size >= MAX_MERGED_PER_LIST) byKey.clear();
    byKey.set(key, r);
  }
  return r;
}

/**
 * Gateway port translation (Istio's resolvePorts): a Service in the gateway's namespace selecting
 * the gateway workload maps a server port to its numeric targetPort.
 */
export function gatewayPortMap(proxy: Proxy, snapshot: MeshSnapshot): Map<number, number> {
  const m = new Map<number, number>();
  for (const s of snapshot.registry.services) {
    if (s.source.kind !== 'Service' || s.namespace !== proxy.namespace || !s.selector || !selectorMatches(s.selector, proxy.labels)) continue;
    for (const p of s.ports) {
      const tp = typeof p.targetPort === 'number' ? p.targetPort : typeof p.targetPort === 'string' && /^\d+$/.test(p.targetPort) ? Number(p.targetPort) : undefined;
      if (tp !== undefined && !m.has(p.port)) m.set(p.port, tp);
    }
  }
  return m;
}
