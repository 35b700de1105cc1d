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
 * named after the alphabetically first of them, with every member's domains in host order.
 * Grouping comes first, so only the members of a group and the final virtual hosts are sorted.
 */
function collapse(hosts: Map<string, HostEntry>): VirtualHost[] {
  const ids = new Map<Route[], number>();
  const groups = new Map<string | number, string[]>();
  const out: VirtualHost[] = [];
  for (const [host, e] of hosts) {
    const sig = signature(e, ids);
    if (sig === undefined) {
      out.push(virtualHost([host], hosts));
      continue;
    }
    const members = groups.get(sig);
    if (members) members.push(host);
    else groups.set(sig, [host]);
  }
  for (const members of groups.values()) out.push(virtualHost(members.length > 1 ? members.sort() : members, hosts));
  return out;
}

/** Same signature = same route lists (by identity) and the same TLS requirement; none without routes. */
function signature(e: HostEntry, ids: Map<Route[], number>): string | number | undefined {
  if (e.parts.length === 0) return undefined;
  if (e.parts.length === 1) return idOf(e.parts[0], ids) * 2 + (e.requireTls ? 1 : 0);
  return `${e.requireTls}|${e.parts.map((p) => idOf(p, ids)).join(',')}`;
}

function idOf(p: Route[], ids: Map<Route[], number>): number {
  let id = ids.get(p);
  if (id === undefined) ids.set(p, (id = ids.size));
  return id;
}

/** The virtual host of sorted `members`, named after the first. */
function virtualHost(members: readonly string[], hosts: Map<string, HostEntry>): VirtualHost {
  const first = hosts.get(members[0])!;
  const domains: string[] = [];
  for (const h of members) domains.push(...gatewayDomains(h, hosts.get(h)!.port));
  const vh: VirtualHost = { name: domainName(members[0], first.port), domains, routes: first.parts.length === 1 ? first.parts[0] : sortVirtualHostRoutes(first.parts.flat()) };
  if (first.requireTls) vh.requireTls = 'ALL';
  return vh;
}
