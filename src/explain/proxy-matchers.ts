/**
 * The data plane's own matching code, used by the explain walk so that its answers are the
 * proxy's by construction: virtual host selection (exact > suffix wildcard > prefix wildcard >
 * `*`), routes in order with path/header/query matching on RE2, and filter chain selection by
 * port, SNI, transport protocol and ALPN. This is the only file of src/explain that imports
 * src/proxy (control plane may use the data plane's pure matchers; never the reverse).
 */
import '../extensions/builtin.ts';
import type { FilterChain, Listener, Route, RouteConfiguration } from '../envoy/types.ts';
import { fractionOf } from '../proxy/common/percent.ts';
import { parseCidr } from '../proxy/listener/cidr.ts';
import type { DownstreamConnection } from '../proxy/listener/downstream-connection.ts';
import type { FilterChainConfig } from '../proxy/listener/filter-chain.ts';
import { FilterChainManager } from '../proxy/listener/filter-chain-manager.ts';
import { compileHeaderMatcher, compileQueryMatcher } from '../proxy/router/header-matcher.ts';
import { parseQuery, stripQuery, type MatchRequest } from '../proxy/router/match-request.ts';
import { RouteEntry } from '../proxy/router/route-entry.ts';
import { RouteTable } from '../proxy/router/route-table.ts';
import type { VirtualHostEntry } from '../proxy/router/virtual-host.ts';

export type { MatchRequest } from '../proxy/router/match-request.ts';
export type { VirtualHostEntry } from '../proxy/router/virtual-host.ts';

/** A request as route matching sees it: lower-case headers including `:authority`, `:path`, `:method`, `:scheme`. */
export function matchRequest(path: string, headers: Record<string, string>): MatchRequest {
  const query = parseQuery(path);
  const only = stripQuery(path);
  return {
    path,
    pathOnly: () => only,
    header: (name) => (name === 'host' ? headers[':authority'] : headers[name]),
    queryParam: (name) => query.get(name),
    tlsPresented: false,
    tlsValidated: false,
  };
}

export interface CompiledRoutes {
  table?: RouteTable;
  /** Why the proxy would refuse this route configuration. */
  error?: string;
  warnings: string[];
}

export function compileRoutes(rc: RouteConfiguration): CompiledRoutes {
  const warnings: string[] = [];
  try {
    return { table: new RouteTable(rc, (m) => warnings.push(m)), warnings };
  } catch (e) {
    return { error: (e as Error).message, warnings };
  }
}

/** The virtual host the proxy picks for an authority, as an index into `rc.virtualHosts`. */
export function findVirtualHost(table: RouteTable, authority: string): { entry: VirtualHostEntry; index: number } | undefined {
  const entry = table.findVirtualHost(authority);
  return entry ? { entry, index: table.virtualHosts.indexOf(entry) } : undefined;
}

/** Index of the first route that matches, or -1. */
export function selectRoute(vh: VirtualHostEntry, req: MatchRequest): number {
  const chosen = vh.selectRoute(req);
  return chosen ? vh.routes.indexOf(chosen) : -1;
}

/** The compiled route at an index: its action as the router executes it (direct response, redirect, rewrites). */
export function routeEntryAt(vh: VirtualHostEntry, index: number): RouteEntry {
  return vh.routes[index];
}

/** Probability in [0, 1] of an Envoy FractionalPercent; absent counts as 100%, as the fault filter reads it. */
export function faultFraction(p: Parameters<typeof fractionOf>[0]): number {
  return fractionOf(p ?? { numerator: 100 });
}

export type { RouteEntry };

/** The conditions of a route that the request fails, each as a short phrase. */
export function failedConditions(vh: VirtualHostEntry, route: Route, req: MatchRequest): string[] {
  const m = route.match ?? {};
  const out: string[] = [];
  const pathOnly: Route = { match: { prefix: m.prefix, path: m.path, safeRegex: m.safeRegex, pathSeparatedPrefix: m.pathSeparatedPrefix, caseSensitive: m.caseSensitive }, directResponse: { status: 200 } };
  try {
    if (!new RouteEntry(pathOnly, vh.scope).match(req)) out.push(`path ${describePath(route)} does not match ${req.pathOnly()}`);
  } catch (e) {
    out.push(`path matcher rejected: ${(e as Error).message}`);
  }
  for (const h of m.headers ?? []) {
    if (!compileHeaderMatcher(h)(req)) out.push(`header ${h.name} ${describeHeader(h)} (request has ${req.header(h.name.toLowerCase()) === undefined ? 'none' : JSON.stringify(req.header(h.name.toLowerCase()))})`);
  }
  for (const q of m.queryParameters ?? []) {
    if (!compileQueryMatcher(q)(req)) out.push(`query parameter ${q.name} ${q.stringMatch ? describeString(q.stringMatch) : 'present'} (request has ${req.queryParam(q.name) === undefined ? 'none' : JSON.stringify(req.queryParam(q.name))})`);
  }
  if (m.grpc && !(req.header('content-type') ?? '').startsWith('application/grpc')) out.push('gRPC only (content-type application/grpc)');
  if (m.runtimeFraction) out.push('matches only a sampled fraction of requests');
  return out;
}

export function describePath(r: Route): string {
  const m = r.match ?? {};
  const cs = m.caseSensitive === false ? ' (ignoring case)' : '';
  if (m.prefix !== undefined) return `prefix ${JSON.stringify(m.prefix)}${cs}`;
  if (m.path !== undefined) return `exact ${JSON.stringify(m.path)}${cs}`;
  if (m.pathSeparatedPrefix !== undefined) return `path-separated prefix ${JSON.stringify(m.pathSeparatedPrefix)}${cs}`;
  if (m.safeRegex) return `regex ${JSON.stringify(m.safeRegex.regex)}`;
  return '(none)';
}

function describeString(s: { exact?: string; prefix?: string; suffix?: string; contains?: string; safeRegex?: { regex: string } }): string {
  if (s.exact !== undefined) return `== ${JSON.stringify(s.exact)}`;
  if (s.prefix !== undefined) return `starts with ${JSON.stringify(s.prefix)}`;
  if (s.suffix !== undefined) return `ends with ${JSON.stringify(s.suffix)}`;
  if (s.contains !== undefined) return `contains ${JSON.stringify(s.contains)}`;
  if (s.safeRegex) return `matches ${JSON.stringify(s.safeRegex.regex)}`;
  return 'present';
}

function describeHeader(h: NonNullable<Route['match']['headers']>[number]): string {
  const not = h.invertMatch ? 'not ' : '';
  if (h.stringMatch) return not + describeString(h.stringMatch);
  if (h.exactMatch !== undefined) return `${not}== ${JSON.stringify(h.exactMatch)}`;
  if (h.prefixMatch !== undefined) return `${not}starts with ${JSON.stringify(h.prefixMatch)}`;
  if (h.safeRegexMatch) return `${not}matches ${JSON.stringify(h.safeRegexMatch.regex)}`;
  if (h.presentMatch === false) return not ? 'present' : 'absent';
  return not ? 'absent' : 'present';
}

export interface ConnectionFacts {
  port: number;
  localIp: string;
  sni: string;
  transportProtocol: 'tls' | 'raw_buffer';
  alpn: string[];
  /** `http/1.1` or `h2c` for plaintext HTTP (what the http_inspector detects). */
  detectedHttp?: string;
}

/** The filter chain the proxy uses for a connection: index into `filterChains`, -1 for the default chain. */
export function selectFilterChain(l: Listener, c: ConnectionFacts): { chain?: FilterChain; index: number; error?: string } {
  const chains = l.filterChains ?? [];
  const configs = chains.map((fc, i) => {
    const m = fc.filterChainMatch ?? {};
    return {
      name: fc.name ?? `#${i}`,
      match: {
        destinationPort: m.destinationPort,
        prefixRanges: (m.prefixRanges ?? []).map(parseCidr),
        serverNames: (m.serverNames ?? []).map((s) => s.toLowerCase()),
        transportProtocol: m.transportProtocol || undefined,
        applicationProtocols: m.applicationProtocols ?? [],
        sourcePrefixRanges: (m.sourcePrefixRanges ?? []).map(parseCidr),
        sourcePorts: m.sourcePorts ?? [],
      },
    };
  });
  const defaultMarker = { name: 'default', match: {} };
  try {
    const mgr = new FilterChainManager(configs as unknown as FilterChainConfig[], l.defaultFilterChain ? (defaultMarker as unknown as FilterChainConfig) : undefined, false, false);
    const conn = { listenerPort: c.port, localIp: c.localIp, sni: c.sni, transportProtocol: c.transportProtocol, offeredAlpn: c.alpn, detectedHttp: c.detectedHttp, remoteIp: '127.0.0.1', remotePort: 50000 };
    const picked = mgr.select(conn as unknown as DownstreamConnection) as unknown;
    if (picked === defaultMarker) return { chain: l.defaultFilterChain, index: -1 };
    const index = configs.indexOf(picked as (typeof configs)[number]);
    return index >= 0 ? { chain: chains[index], index } : { index: -1 };
  } catch (e) {
    return { index: -1, error: (e as Error).message };
  }
}
