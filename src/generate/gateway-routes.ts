/**
 * Route configurations for a router (Istio's buildGatewayHTTPRouteConfig): for each server behind a
 * route name, the VirtualServices bound to its Gateway whose hosts intersect the server's hosts;
 * one virtual host per host (`host:port`, domains `host` and `host:port`), routes of several
 * VirtualServices appended, HTTPS redirect as `requireTls: ALL`, identical route lists collapsed
 * into one virtual host, and the `blackhole:PORT` virtual host answering 404 when nothing is bound.
 * Built from per-server fragments (gateway-route-fragments.ts) and cached (route-cache.ts).
 */
import type { RouteConfiguration, VirtualHost } from '../envoy/types.ts';
import { virtualServicesForGateway } from '../model/virtual-service-index.ts';
import type { GenerationContext } from './context.ts';
import { assembleVirtualHosts, pushGatewayDomains, serverFragment } from './gateway-route-fragments.ts';
import { DEFAULT_ROUTE_NAME, domainName } from './names.ts';
import { cachedFragment, cachedRouteConfiguration, gatewayRouteStore, proxyCacheKey, type GatewayRouteStore } from './route-cache.ts';
import { bindRouteMemo } from './route/route-memo.ts';

/** 1 MiB, Istio's DefaultMaxDirectResponseBodySizeBytes. */
export const MAX_DIRECT_RESPONSE_BODY_BYTES = 1024 * 1024;

export function gatewayRouteConfiguration(ctx: GenerationContext, routeName: string): RouteConfiguration {
  const servers = ctx.mergedGateway?.serversByRouteName.get(routeName);
  if (!servers || servers.length === 0) return { name: routeName, virtualHosts: [], validateClusters: false };
  const bound = servers.map((ms) => virtualServicesForGateway(ctx.snapshot.virtualServices, ms.gatewayName, ctx.proxy.namespace));
  const store = storeOf(ctx);
  return cachedRouteConfiguration(store, routeName, servers, bound, () => {
    const memo = bindRouteMemo(store.memo, ctx.routeBase);
    const fragments = servers.map((ms, i) => cachedFragment(store, ms, bound[i], () => serverFragment(ms, bound[i], memo)));
    const hosts = fragments.reduce((n, f) => n + f.hosts.length, 0);
    const virtualHosts = hosts === 0 ? [blackholeVirtualHost(servers[0].server.port.number ?? 0)] : assembleVirtualHosts(fragments);
    return { name: routeName, virtualHosts, validateClusters: false, maxDirectResponseBodySizeBytes: MAX_DIRECT_RESPONSE_BODY_BYTES };
  });
}

/** The route store for this generation's proxy and snapshot, looked up once per generation. */
function storeOf(ctx: GenerationContext): GatewayRouteStore {
  let store = ctx.memo.get('gateway-route-store') as GatewayRouteStore | undefined;
  if (!store) {
    store = gatewayRouteStore({ registry: ctx.snapshot.registry, destinationRules: ctx.snapshot.destinationRules, mesh: ctx.snapshot.mesh, proxyKey: proxyCacheKey(ctx.proxy) });
    ctx.memo.set('gateway-route-store', store);
  }
  return store;
}

/** `host` and `host:port`; just `*` for the wildcard host. */
export function gatewayDomains(host: string, port: number): string[] {
  return pushGatewayDomains([], host, port);
}

/** The default virtual host of a route configuration with nothing bound (seed 001). */
export function blackholeVirtualHost(port: number): VirtualHost {
  return { name: domainName('blackhole', port), domains: ['*'], routes: [{ name: DEFAULT_ROUTE_NAME, match: { prefix: '/' }, directResponse: { status: 404 } }] };
}
