/**
 * One VirtualService's `http` rules → Envoy routes for one listener port (Istio's
 * BuildHTTPRoutesForVirtualService / TranslateRoute): match filtering by port, gateways, source
 * labels and namespace; redirect, direct response or route action with single or weighted
 * clusters, rewrites, host rewrite, mirrors, retries, timeouts, hash policies; fault and CORS
 * per-filter config; Istio provenance metadata and a tracing decorator. Rules after a catch-all
 * are dropped.
 */
import { parseDuration } from '../../common/duration.ts';
import { protoDuration } from '../duration.ts';
import type { Any, HashPolicy, Route, RouteAction } from '../../envoy/types.ts';
import { FILTER } from '../../envoy/type-urls.ts';
import type { ConsistentHashLB, Destination, HTTPMatchRequest, HTTPRetry, HTTPRoute, HTTPRouteDestination } from '../../model/api-types.ts';
import type { Proxy } from '../../model/proxy.ts';
import { resolveGatewayName, type VirtualServiceEntry } from '../../model/virtual-service-index.ts';
import { selectorMatches } from '../../registry/labels.ts';
import type { Service } from '../../registry/service.ts';
import { configMetadata } from '../metadata.ts';
import { parseSubsetKey, subsetKey } from '../names.ts';
import { translateCors } from './cors.ts';
import { applyHeaderOperations, translateHeaders } from './headers.ts';
import { integerToFractional, percentToFractional, translateFault } from './fault.ts';
import { hashPolicyFor } from './hash-policy.ts';
import { translateDirectResponse, translateRedirect } from './redirect.ts';
import { convertRetryPolicy } from './retry.ts';
import { isCatchAllRoute, translateRouteMatch } from './route-match.ts';

/**
 * What one VirtualService's routes are translated for. `listenerPort`, `isTls` and `gatewayNames`
 * may be getters that record their reads (route-memo.ts shares routes between listeners whose
 * translation did not read them): read them only where they change the output.
 */
export interface RouteOptions {
  readonly proxy: Proxy;
  readonly listenerPort: number;
  /** `mesh` for sidecars; the `ns/name` of the Gateways being served for routers. */
  readonly gatewayNames: ReadonlySet<string>;
  readonly isTls: boolean;
  readonly lookupService: (host: string) => Service | undefined;
  readonly lookupHash: (dst: Destination) => ConsistentHashLB | undefined;
  readonly meshRetryPolicy?: HTTPRetry;
}

export function buildRoutesForVirtualService(vs: VirtualServiceEntry, opts: RouteOptions): Route[] {
  const out: Route[] = [];
  for (const http of vs.spec.http ?? []) {
    let catchAll = false;
    if (!http.match || http.match.length === 0) {
      const r = translateRoute(vs, http, undefined, opts);
      if (r) out.push(r);
      catchAll = true;
    } else {
      for (const m of http.match) {
        const r = translateRoute(vs, http, m, opts);
        if (r) {
          out.push(r);
          if (isCatchAllRoute(r)) {
            catchAll = true;
            break;
          }
        }
      }
    }
    if (catchAll) break;
  }
  return out;
}

function sourceMatches(m: HTTPMatchRequest | undefined, vs: VirtualServiceEntry, opts: RouteOptions): boolean {
  if (!m) return true;
  if (m.gateways && m.gateways.length > 0) return m.gateways.some((g) => opts.gatewayNames.has(resolveGatewayName(g, vs.namespace)));
  if (!selectorMatches(m.sourceLabels, opts.proxy.labels)) return false;
  return !m.sourceNamespace || m.sourceNamespace === opts.proxy.namespace;
}

export function translateRoute(vs: VirtualServiceEntry, http: HTTPRoute, m: HTTPMatchRequest | undefined, opts: RouteOptions): Route | undefined {
  if (m?.port && m.port !== opts.listenerPort) return undefined;
  if (!sourceMatches(m, vs, opts)) return undefined;
  const out = {} as Route;
  const name = m?.name ? `${http.name ?? ''}.${m.name}` : http.name;
  if (name) out.name = name;
  out.match = translateRouteMatch(m);
  const headerOps = http.headers ? translateHeaders(http.headers) : undefined;
  if (headerOps) applyHeaderOperations(out, headerOps);
  if (http.redirect) {
    const redirect = translateRedirect(http.redirect, opts);
    if (redirect) out.redirect = redirect;
  } else if (http.directResponse) {
    out.directResponse = translateDirectResponse(http.directResponse);
  } else {
    out.route = routeAction(http, out, headerOps?.authority ?? '', opts);
  }
  out.metadata = configMetadata(vs.resource);
  out.decorator = { operation: routeOperation(out, vs.name, opts) };
  const fault = translateFault(http.fault);
  const cors = translateCors(http.corsPolicy);
  if (fault || cors) {
    out.typedPerFilterConfig = {};
    if (fault) out.typedPerFilterConfig[FILTER.fault] = fault as unknown as Any;
    if (cors) out.typedPerFilterConfig[FILTER.cors] = cors as unknown as Any;
  }
  return out;
}

/** A listener port, or options whose `listenerPort` is read only when needed. */
type ListenerPort = number | { readonly listenerPort: number };
const portOf = (p: ListenerPort): number => (typeof p === 'number' ? p : p.listenerPort);

/** Cluster for a destination: explicit port, else the service's only port, else the listener port. */
export function destinationCluster(dst: Destination, svc: Service | undefined, listenerPort: ListenerPort): string {
  if (!dst.host) return 'UnknownService';
  let port: number;
  if (dst.port?.number) port = dst.port.number;
  else if (svc && svc.ports.length === 1) port = svc.ports[0].port;
  else port = portOf(listenerPort);
  // A host covered by a wildcard ServiceEntry goes to that entry's cluster (see README).
  const host = svc && svc.hostname !== dst.host && svc.hostname.startsWith('*') ? svc.hostname : dst.host;
  return subsetKey('outbound', dst.subset, host, port);
}

function routeAction(http: HTTPRoute, out: Route, authority: string, opts: RouteOptions): RouteAction {
  const hashPolicies: HashPolicy[] = [];
  let cluster: string | undefined;
  let weightedClusters: RouteAction['weightedClusters'];
  let consistentHash = false;
  const dests = http.route ?? [];
  const weighted = dests.length === 1 ? dests : dests.filter((d) => (d.weight ?? 0) !== 0);
  if (weighted.length === 1) {
    const d = weighted[0];
    cluster = destinationCluster(d.destination, opts.lookupService(d.destination.host), opts);
    const ops = d.headers ? translateHeaders(d.headers) : undefined;
    if (ops) {
      applyHeaderOperations(out, ops);
      if (ops.authority && !authority && !http.rewrite?.authority) authority = ops.authority;
    }
    const hp = hashPolicyFor(opts.lookupHash(d.destination));
    if (hp) hashPolicies.push(hp);
    consistentHash = !!hp;
  } else if (weighted.length > 1) {
    weightedClusters = { clusters: weighted.map((d) => weightedCluster(d, opts, hashPolicies)) };
  }
  const rr = http.rewrite?.uriRegexRewrite;
  const regexRewrite = rr?.match !== undefined ? { pattern: { regex: rr.match }, substitution: rr.rewrite ?? '' } : undefined;
  const prefixRewrite = !regexRewrite && http.rewrite?.uri ? http.rewrite.uri : undefined;
  if (http.rewrite?.authority) authority = http.rewrite.authority;
  const timeout = protoDuration((http.timeout !== undefined ? parseDuration(http.timeout) : undefined) ?? 0);
  const retry = convertRetryPolicy(http.retries ?? opts.meshRetryPolicy, consistentHash);
  const mirrors = mirrorPolicies(http, opts);
  // Fields in the order Envoy's proto3 JSON prints them (and seed 001 shows).
  const action: RouteAction = {};
  if (cluster !== undefined) action.cluster = cluster;
  if (weightedClusters) action.weightedClusters = weightedClusters;
  if (prefixRewrite !== undefined) action.prefixRewrite = prefixRewrite;
  if (regexRewrite) action.regexRewrite = regexRewrite;
  if (authority) action.hostRewriteLiteral = authority;
  action.timeout = timeout;
  if (retry) action.retryPolicy = retry;
  if (mirrors.length > 0) action.requestMirrorPolicies = mirrors;
  if (hashPolicies.length > 0) action.hashPolicy = hashPolicies;
  if (opts.proxy.generator === 'grpc') action.maxStreamDuration = { maxStreamDuration: timeout };
  else action.maxGrpcTimeout = timeout;
  return action;
}

function weightedCluster(d: HTTPRouteDestination, opts: RouteOptions, hashPolicies: HashPolicy[]): NonNullable<RouteAction['weightedClusters']>['clusters'][number] {
  const c: NonNullable<RouteAction['weightedClusters']>['clusters'][number] = { name: destinationCluster(d.destination, opts.lookupService(d.destination.host), opts), weight: d.weight ?? 0 };
  if (d.headers) {
    const ops = translateHeaders(d.headers);
    applyHeaderOperations(c, ops);
    if (ops.authority) c.hostRewriteLiteral = ops.authority;
  }
  const hp = hashPolicyFor(opts.lookupHash(d.destination));
  if (hp) hashPolicies.push(hp);
  return c;
}

function mirrorPolicies(http: HTTPRoute, opts: RouteOptions): NonNullable<RouteAction['requestMirrorPolicies']> {
  const out: NonNullable<RouteAction['requestMirrorPolicies']> = [];
  if (http.mirror) {
    let fraction = integerToFractional(100);
    if (http.mirrorPercentage) fraction = percentToFractional(http.mirrorPercentage);
    else if (http.mirrorPercent !== undefined) fraction = integerToFractional(http.mirrorPercent);
    if ((fraction.numerator ?? 0) > 0) out.push({ cluster: destinationCluster(http.mirror, opts.lookupService(http.mirror.host), opts), runtimeFraction: { defaultValue: fraction }, traceSampled: false });
  }
  for (const m of http.mirrors ?? []) {
    if (!m.destination) continue;
    const fraction = m.percentage ? percentToFractional(m.percentage) : integerToFractional(100);
    if ((fraction.numerator ?? 0) > 0) out.push({ cluster: destinationCluster(m.destination, opts.lookupService(m.destination.host), opts), runtimeFraction: { defaultValue: fraction }, traceSampled: false });
  }
  return out;
}

/** Istio's GetRouteOperation: `host:port/path*` for a single cluster, else `vsName:port/path*`. */
export function routeOperation(r: Route, vsName: string, port: ListenerPort): string {
  let path = '/*';
  if (r.match.prefix !== undefined) path = `${r.match.prefix}*`;
  else if (r.match.path !== undefined) path = r.match.path;
  else if (r.match.safeRegex) path = r.match.safeRegex.regex;
  const parsed = r.route?.cluster ? parseSubsetKey(r.route.cluster) : undefined;
  if (parsed) return `${parsed.hostname}:${parsed.port}${path}`;
  return `${vsName}:${portOf(port)}${path}`;
}
