/**
 * The names one Envoy resource refers to: a listener's RDS route configuration names and SDS secret
 * names, a route configuration's clusters, a cluster's EDS service name and secrets, and the
 * clusters a TCP proxy sends to. An xDS client subscribes to these names; the consistency check
 * requires each one to exist. Reads typed filter configs in proto3 JSON; unknown shapes are skipped.
 */
import { TYPE_URL } from './type-urls.ts';
import type { Any, Cluster, CommonTlsContext, FilterChain, HttpConnectionManager, Listener, RouteConfiguration, TcpProxy, TransportSocket } from './types.ts';

function typed<T>(any: Any | undefined, typeUrl: string): T | undefined {
  return any && any['@type'] === typeUrl ? (any as unknown as T) : undefined;
}

function filterChains(l: Listener): FilterChain[] {
  return [...(l.filterChains ?? []), ...(l.defaultFilterChain ? [l.defaultFilterChain] : [])];
}

/** Every HttpConnectionManager of a listener: in filter chains and in the API listener. */
export function httpConnectionManagers(l: Listener): HttpConnectionManager[] {
  const out: HttpConnectionManager[] = [];
  for (const fc of filterChains(l)) {
    for (const f of fc.filters ?? []) {
      const hcm = typed<HttpConnectionManager>(f.typedConfig, TYPE_URL.httpConnectionManager);
      if (hcm) out.push(hcm);
    }
  }
  const api = typed<HttpConnectionManager>(l.apiListener?.apiListener, TYPE_URL.httpConnectionManager);
  if (api) out.push(api);
  return out;
}

/** Every TcpProxy filter config of a listener. */
export function tcpProxies(l: Listener): TcpProxy[] {
  const out: TcpProxy[] = [];
  for (const fc of filterChains(l)) {
    for (const f of fc.filters ?? []) {
      const tp = typed<TcpProxy>(f.typedConfig, TYPE_URL.tcpProxy);
      if (tp) out.push(tp);
    }
  }
  return out;
}

/** RDS route configuration names a listener asks for (in first-seen order, unique). */
export function listenerRouteNames(l: Listener): string[] {
  const names = new Set<string>();
  for (const hcm of httpConnectionManagers(l)) if (hcm.rds?.routeConfigName) names.add(hcm.rds.routeConfigName);
  return [...names];
}

/** Inline route configurations of a listener's connection managers. */
export function listenerInlineRoutes(l: Listener): RouteConfiguration[] {
  return httpConnectionManagers(l).flatMap((hcm) => (hcm.routeConfig ? [hcm.routeConfig] : []));
}

/** Clusters a route configuration sends to (route, weighted clusters, mirrors); no clusterHeader. */
export function routeClusterNames(rc: RouteConfiguration): string[] {
  const names = new Set<string>();
  for (const vh of rc.virtualHosts ?? []) {
    for (const r of vh.routes ?? []) {
      const a = r.route;
      if (!a) continue;
      if (a.cluster) names.add(a.cluster);
      for (const w of a.weightedClusters?.clusters ?? []) names.add(w.name);
      for (const m of a.requestMirrorPolicies ?? []) names.add(m.cluster);
    }
  }
  return [...names];
}

/** Clusters a listener's TCP proxies send to. */
export function listenerTcpClusterNames(l: Listener): string[] {
  const names = new Set<string>();
  for (const tp of tcpProxies(l)) {
    if (tp.cluster) names.add(tp.cluster);
    for (const w of tp.weightedClusters?.clusters ?? []) names.add(w.name);
  }
  return [...names];
}

/** The ClusterLoadAssignment name an EDS cluster asks for; undefined for other cluster types. */
export function clusterEdsName(c: Cluster): string | undefined {
  return c.type === 'EDS' ? c.edsClusterConfig?.serviceName || c.name : undefined;
}

function sdsNames(ctx: CommonTlsContext | undefined, out: Set<string>): void {
  if (!ctx) return;
  const fromAds = (s: { name: string; sdsConfig?: { ads?: object } }) => !s.sdsConfig || s.sdsConfig.ads !== undefined;
  for (const s of ctx.tlsCertificateSdsSecretConfigs ?? []) if (s.name && fromAds(s)) out.add(s.name);
  const v = ctx.validationContextSdsSecretConfig ?? ctx.combinedValidationContext?.validationContextSdsSecretConfig;
  if (v?.name && fromAds(v)) out.add(v.name);
}

function transportSocketSecrets(ts: TransportSocket | undefined, out: Set<string>): void {
  const cfg = ts?.typedConfig as { commonTlsContext?: CommonTlsContext } | undefined;
  if (cfg && (cfg['@type' as never] === TYPE_URL.downstreamTlsContext || cfg['@type' as never] === TYPE_URL.upstreamTlsContext)) sdsNames(cfg.commonTlsContext, out);
}

/** SDS secret names (served over ADS) a listener's filter chains need. */
export function listenerSecretNames(l: Listener): string[] {
  const out = new Set<string>();
  for (const fc of filterChains(l)) transportSocketSecrets(fc.transportSocket, out);
  return [...out];
}

/** SDS secret names (served over ADS) a cluster's transport sockets need. */
export function clusterSecretNames(c: Cluster): string[] {
  const out = new Set<string>();
  transportSocketSecrets(c.transportSocket, out);
  for (const m of c.transportSocketMatches ?? []) transportSocketSecrets(m.transportSocket, out);
  return [...out];
}
