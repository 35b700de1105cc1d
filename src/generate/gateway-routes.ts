/**
 * Route configurations for a router (Istio's buildGatewayHTTPRouteConfig): for each server behind a
 * route name, the VirtualServices bound to its Gateway whose hosts intersect the server's hosts;
 * one virtual host per host (`host:port`, domains `host` and `host:port`), routes of several
 * VirtualServices appended, HTTPS redirect as `requireTls: ALL`, identical route lists collapsed
 * into one virtual host, and the `blackhole:PORT` virtual host answering 404 when nothing is bound.
 */
import type { Route, RouteConfiguration, VirtualHost } from '../envoy/types.ts';
import { virtualServicesForGateway, type VirtualServiceEntry } from '../model/virtual-service-index.ts';
import { hasNamespace, hostIntersection, hostsForNamespace, lowerCaseHost } from '../registry/host.ts';
import type { MergedServer } from '../model/merged-gateway.ts';
import type { GenerationContext } from './context.ts';
import { cachedRouteConfiguration, proxyCacheKey, type RouteCacheInputs } from './route-cache.ts';
import type { RouteMemo } from './route/route-memo.ts';
import { DEFAULT_ROUTE_NAME, domainName } from './names.ts';
import { sortVirtualHostRoutes } from './route/route-match.ts';

/** 1 MiB, Istio's DefaultMaxDirectResponseBodySizeBytes. */
export const MAX_DIRECT_RESPONSE_BODY_BYTES = 1024 * 1024;

interface HostEntry {
  readonly host: string;
  readonly port: number;
  /** Route lists of every VirtualService serving the host, in server then VirtualService order. */
  readonly parts: Route[][];
  requireTls: boolean;
}

export function gatewayRouteConfiguration(ctx: GenerationContext, routeName: string): RouteConfiguration {
  const servers = ctx.mergedGateway?.serversByRouteName.get(routeName);
  if (!servers || servers.length === 0) return { name: routeName, virtualHosts: [], validateClusters: false };
  const bound = servers.map((ms) => virtualServicesForGateway(ctx.snapshot.virtualServices, ms.gatewayName, ctx.proxy.namespace));
  return cachedRouteConfiguration(cacheInputs(ctx), routeName, servers, bound, () => buildRouteConfiguration(ctx, routeName, servers, bound));
}

function cacheInputs(ctx: GenerationContext): RouteCacheInputs {
  let i = ctx.memo.get('route-cache-inputs') as RouteCacheInputs | undefined;
  if (!i) ctx.memo.set('route-cache-inputs', (i = { registry: ctx.snapshot.registry, destinationRules: ctx.snapshot.destinationRules, mesh: ctx.snapshot.mesh, proxyKey: proxyCacheKey(ctx.proxy) }));
  return i;
}

function buildRouteConfiguration(ctx: GenerationContext, routeName: string, servers: readonly MergedServer[], bound: readonly (readonly VirtualServiceEntry[])[]): RouteConfiguration {
  const hosts = new Map<string, HostEntry>();
  const memo = ctx.routeMemo('gateway');
  for (let i = 0; i < servers.length; i++) addServer(hosts, memo, servers[i], bound[i]);
  const virtualHosts = hosts.size === 0 ? [blackholeVirtualHost(servers[0].server.port.number ?? 0)] : collapse(hosts);
  virtualHosts.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { name: routeName, virtualHosts, validateClusters: false, maxDirectResponseBodySizeBytes: MAX_DIRECT_RESPONSE_BODY_BYTES };
}

/** One server's hosts: those its Gateway's VirtualServices serve, and (httpsRedirect) all of them. */
function addServer(hosts: Map<string, HostEntry>, memo: RouteMemo, ms: MergedServer, bound: readonly VirtualServiceEntry[]): void {
  const s = ms.server;
  const port = s.port.number ?? 0;
  const https = s.tls?.httpsRedirect === true;
  const qualified = s.hosts.some(hasNamespace);
  for (const vs of bound) {
    const matched = hostIntersection(qualified ? hostsForNamespace(s.hosts, vs.namespace) : s.hosts, vs.spec.hosts ?? []);
    if (matched.length === 0) continue;
    const routes = memo.routes(vs, port, !!s.tls, ms.gatewayName);
    if (routes.length === 0) continue;
    for (const raw of matched) {
      const host = lowerCaseHost(raw);
      const e = hosts.get(host);
      if (e) {
        e.parts.push(routes);
        if (https) e.requireTls = true;
      } else hosts.set(host, { host, port, parts: [routes], requireTls: https });
    }
  }
  if (!https) return;
  for (const raw of s.hosts) {
    const host = lowerCaseHost(raw);
    const e = hosts.get(host);
    if (e) e.requireTls = true;
    else hosts.set(host, { host, port, parts: [], requireTls: true });
  }
}

/** `host` and `host:port`; just `*` for the wildcard host. */
export function gatewayDomains(host: string, port: number): string[] {
  return pushGatewayDomains([], host, port);
}

function pushGatewayDomains(out: string[], host: string, port: number): string[] {
  if (host === '*') out.push('*');
  else out.push(host, domainName(host, port));
  return out;
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
  const groups = new Map<string | number, HostEntry[]>();
  const out: VirtualHost[] = [];
  for (const e of hosts.values()) {
    const sig = signature(e, ids);
    if (sig === undefined) {
      out.push(virtualHost([e]));
      continue;
    }
    const members = groups.get(sig);
    if (members) members.push(e);
    else groups.set(sig, [e]);
  }
  for (const members of groups.values()) out.push(virtualHost(members.length > 1 ? members.sort(byHost) : members));
  return out;
}

const byHost = (a: HostEntry, b: HostEntry): number => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0);

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

/** The virtual host of `members` (sorted by host), named after the first. */
function virtualHost(members: readonly HostEntry[]): VirtualHost {
  const first = members[0];
  const domains: string[] = [];
  for (const m of members) pushGatewayDomains(domains, m.host, m.port);
  const vh: VirtualHost = { name: domainName(first.host, first.port), domains, routes: first.parts.length === 1 ? first.parts[0] : sortVirtualHostRoutes(first.parts.flat()) };
  if (first.requireTls) vh.requireTls = 'ALL';
  return vh;
}
