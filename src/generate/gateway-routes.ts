/**
 * Route configurations for a router (Istio's buildGatewayHTTPRouteConfig): for each server behind a
 * route name, the VirtualServices bound to its Gateway whose hosts intersect the server's hosts;
 * one virtual host per host (`host:port`, domains `host` and `host:port`), routes of several
 * VirtualServices appended, HTTPS redirect as `requireTls: ALL`, identical route lists collapsed
 * into one virtual host, and the `blackhole:PORT` virtual host answering 404 when nothing is bound.
 * Every virtual host but the blackhole sets `includeRequestAttemptCount`, as Istio's do.
 * Built from per-server fragments (gateway-route-fragments.ts) and cached (route-cache.ts).
 */
import type { RouteConfiguration, VirtualHost } from '../envoy/types.ts';
import { virtualServicesForGateway } from '../model/virtual-service-index.ts';
import { canonicalEntries, translationInputsKey } from './content-identity.ts';
import type { GenerationContext } from './context.ts';
import { assembleVirtualHosts, pushGatewayDomains } from './gateway-route-fragments.ts';
import { DEFAULT_ROUTE_NAME, domainName } from './names.ts';
import { cachedRouteConfiguration, gatewayRouteStore, proxyCacheKey, type GatewayRouteStore } from './route-cache.ts';
import { bindRouteMemo, type BoundRouteMemo } from './route/route-memo.ts';

/** 1 MiB, Istio's DefaultMaxDirectResponseBodySizeBytes. */
export const MAX_DIRECT_RESPONSE_BODY_BYTES = 1024 * 1024;

export function gatewayRouteConfiguration(ctx: GenerationContext, routeName: string): RouteConfiguration {
  const servers = ctx.mergedGateway?.serversByRouteName.get(routeName);
  if (!servers || servers.length === 0) return { name: routeName, virtualHosts: [], validateClusters: false };
  const index = ctx.snapshot.virtualServices;
  const namespace = ctx.proxy.namespace;
  const bound = servers.map((ms) => canonicalEntries(virtualServicesForGateway(index, ms.gatewayName, namespace)));
  const { store, memo } = storeOf(ctx);
  return cachedRouteConfiguration(store, routeName, servers, bound, memo, (fragments) => {
    let hosts = 0;
    for (const f of fragments) hosts += f.hosts.length;
    const virtualHosts = hosts === 0 ? [blackholeVirtualHost(servers[0].server.port.number ?? 0)] : assembleVirtualHosts(fragments);
    return { name: routeName, virtualHosts, validateClusters: false, maxDirectResponseBodySizeBytes: MAX_DIRECT_RESPONSE_BODY_BYTES };
  });
}

interface BoundStore {
  readonly store: GatewayRouteStore;
  /** The store's route memo with this generation's lookups. */
  readonly memo: BoundRouteMemo;
}

/** The route store for this generation's proxy and snapshot, looked up once per generation. */
function storeOf(ctx: GenerationContext): BoundStore {
  let bs = ctx.memo.get('gateway-route-store') as BoundStore | undefined;
  if (!bs) {
    const store = gatewayRouteStore({ inputsKey: translationInputsKey(ctx.snapshot), proxyKey: proxyCacheKey(ctx.proxy) });
    bs = { store, memo: bindRouteMemo(store.memo, ctx.routeBase) };
    ctx.memo.set('gateway-route-store', bs);
  }
  return bs;
}

/** `host` and `host:port`; just `*` for the wildcard host. */
export function gatewayDomains(host: string, port: number): string[] {
  return pushGatewayDomains([], host, port);
}

/** The default virtual host of a route configuration with nothing bound (seed 001). */
export function blackholeVirtualHost(port: number): VirtualHost {
  return { name: domainName('blackhole', port), domains: ['*'], routes: [{ name: DEFAULT_ROUTE_NAME, match: { prefix: '/' }, directResponse: { status: 404 } }] };
}
