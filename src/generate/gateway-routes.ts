/**
 * Route configurations for a router (Istio's buildGatewayHTTPRouteConfig): for each server behind a
 * route name, the VirtualServices bound to its Gateway whose hosts intersect the server's hosts;
 * one virtual host per host (`host:port`, domains `host` and `host:port`), routes of several
 * VirtualServices appended, HTTPS redirect as `requireTls: ALL`, identical route lists collapsed
 * into one virtual host, and the `blackhole:PORT` virtual host answering 404 when nothing is bound.
 */
import type { Route, RouteConfiguration, VirtualHost } from '../envoy/types.ts';
import { virtualServicesForGateway, type VirtualServiceEntry } from '../model/virtual-service-index.ts';
import { hostIntersection, hostsForNamespace } from '../registry/host.ts';
import type { GenerationContext } from './context.ts';
import { DEFAULT_ROUTE_NAME, domainName } from './names.ts';
import { sortVirtualHostRoutes } from './route/route-match.ts';

/** 1 MiB, Istio's DefaultMaxDirectResponseBodySizeBytes. */
export const MAX_DIRECT_RESPONSE_BODY_BYTES = 1024 * 1024;

interface HostEntry {
  port: number;
  parts: Route[][];
  requireTls: boolean;
}

export function gatewayRouteConfiguration(ctx: GenerationContext, routeName: string): RouteConfiguration {
  const servers = ctx.mergedGateway?.serversByRouteName.get(routeName);
  if (!servers || servers.length === 0) return { name: routeName, virtualHosts: [], validateClusters: false };
  const hosts = new Map<string, HostEntry>();
  const memo = ctx.routeMemo('gateway');
  for (const ms of servers) {
    const port = ms.server.port.number ?? 0;
    const https = ms.server.tls?.httpsRedirect === true;
    const isTls = !!ms.server.tls;
    const qualified = ms.server.hosts.some((h) => h.includes('/'));
    for (const vs of virtualServicesForGateway(ctx.snapshot.virtualServices, ms.gatewayName, ctx.proxy.namespace)) {
      const matched = hostIntersection(qualified ? hostsForNamespace(ms.server.hosts, vs.namespace) : ms.server.hosts, vs.spec.hosts ?? []);
      if (matched.length === 0) continue;
      const routes = memo.routes(vs, port, isTls, ms.gatewayName);
      if (routes.length === 0) continue;
      for (const raw of matched) {
        const host = raw.toLowerCase();
        const e = hosts.get(host);
        if (e) {
          e.parts.push(routes);
          if (https) e.requireTls = true;
        } else hosts.set(host, { port, parts: [routes], requireTls: https });
      }
    }
    if (https) {
      for (const raw of ms.server.hosts) {
        const host = raw.toLowerCase();
        const e = hosts.get(host);
        if (e) e.requireTls = true;
        else hosts.set(host, { port, parts: [], requireTls: true });
      }
    }
  }
  const virtualHosts = hosts.size === 0 ? [blackholeVirtualHost(servers[0].server.port.number ?? 0)] : collapse(hosts);
  virtualHosts.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { name: routeName, virtualHosts, validateClusters: false, maxDirectResponseBodySizeBytes: MAX_DIRECT_RESPONSE_BODY_BYTES };
}

/** `host` and `host:port`; just `*` for the wildcard host. */
export function gatewayDomains(host: string, port: number): string[] {
  return host === '*' ? ['*'] : [host, domainName(host, port)];
}

/** The default virtual host of a route configuration with nothing bound (seed 001). */
export function blackholeVirtualHost(port: number): VirtualHost {
  return { name: domainName('blackhole', port), domains: ['*'], routes: [{ name: DEFAULT_ROUTE_NAME, match: { prefix: '/' }, directResponse: { status: 404 } }] };
}

/**
 * Istio's collapseDuplicateRoutes: hosts served by the very same routes share one virtual host,
 * named after the alphabetically first of them.
 */
function collapse(hosts: Map<string, HostEntry>): VirtualHost[] {
  const ids = new Map<Route[], number>();
  const idOf = (p: Route[]): number => {
    let id = ids.get(p);
    if (id === undefined) ids.set(p, (id = ids.size));
    return id;
  };
  const bySignature = new Map<string | number, VirtualHost>();
  const out: VirtualHost[] = [];
  for (const host of [...hosts.keys()].sort()) {
    const e = hosts.get(host)!;
    const sig = e.parts.length === 0 ? undefined : e.parts.length === 1 ? idOf(e.parts[0]) * 2 + (e.requireTls ? 1 : 0) : `${e.requireTls}|${e.parts.map(idOf).join(',')}`;
    const same = sig === undefined ? undefined : bySignature.get(sig);
    if (same) {
      same.domains.push(...gatewayDomains(host, e.port));
      continue;
    }
    const vh: VirtualHost = { name: domainName(host, e.port), domains: gatewayDomains(host, e.port), routes: e.parts.length === 1 ? e.parts[0] : sortVirtualHostRoutes(e.parts.flat()) };
    if (e.requireTls) vh.requireTls = 'ALL';
    out.push(vh);
    if (sig !== undefined) bySignature.set(sig, vh);
  }
  return out;
}
