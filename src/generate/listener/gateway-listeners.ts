/**
 * Listeners for a router (Istio's buildGatewayListeners): one per merged server port and bind
 * (`0.0.0.0_80`). Plain-text HTTP servers share one HTTP connection manager on `http.PORT`; HTTPS
 * servers that terminate TLS get a filter chain each, matched by SNI, with their own route
 * configuration; TCP servers forward by tcp routes; TLS servers terminate then forward; PASSTHROUGH
 * servers forward by the tls routes' sniHosts; AUTO_PASSTHROUGH forwards by cluster-name SNI.
 */
import type { FilterChain, Listener } from '../../envoy/types.ts';
import { FILTER, TYPE_URL } from '../../envoy/type-urls.ts';
import type { Server, TLSMatchAttributes } from '../../model/api-types.ts';
import { isHttpsServerWithTlsTermination, isPassthroughServer, type MergedServer } from '../../model/merged-gateway.ts';
import { virtualServicesForGateway, type VirtualServiceEntry } from '../../model/virtual-service-index.ts';
import { hostMatches, hostSubsetOf } from '../../registry/host.ts';
import { isHttp, parseProtocol } from '../../registry/protocol.ts';
import type { GenerationContext } from '../context.ts';
import { configMetadata } from '../metadata.ts';
import { listenerName, subsetKey, WILDCARD_ADDRESS } from '../names.ts';
import { downstreamTlsContext, downstreamTransportSocket } from './downstream-tls.ts';
import { httpConnectionManager } from './http-connection-manager.ts';
import { tcpProxyFilter, tcpProxyToCluster } from './tcp-proxy.ts';

export function gatewayListeners(ctx: GenerationContext): Listener[] {
  const merged = ctx.mergedGateway;
  if (!merged) return [];
  const byName = new Map<string, { bind: string; port: number; chains: FilterChain[] }>();
  const sniSeen = new Map<string, Set<string>>();
  for (const group of merged.ports) {
    const bind = group.bind || WILDCARD_ADDRESS;
    const name = listenerName(bind, group.port);
    const entry = byName.get(name) ?? { bind, port: group.port, chains: [] };
    byName.set(name, entry);
    const statPrefix = `outbound_${name}`;
    if (isHttp(parseProtocol(group.protocol))) {
      entry.chains.push({ filters: [httpConnectionManager({ statPrefix, rds: group.routeName, useRemoteAddress: true, gateway: true, mesh: ctx.snapshot.mesh })] });
      continue;
    }
    const seen = sniSeen.get(name) ?? new Set<string>();
    sniSeen.set(name, seen);
    for (const ms of group.servers) entry.chains.push(...serverChains(ctx, ms, group.port, statPrefix, seen));
  }
  const out: Listener[] = [];
  for (const [name, e] of byName) {
    if (e.chains.length === 0) continue;
    const l: Listener = { name, address: { socketAddress: { address: e.bind, portValue: e.port } }, filterChains: e.chains };
    if (e.chains.some((c) => c.filterChainMatch?.serverNames || c.transportSocket)) l.listenerFilters = [{ name: FILTER.tlsInspector, typedConfig: { '@type': TYPE_URL.tlsInspector } }];
    l.trafficDirection = 'OUTBOUND';
    out.push(l);
  }
  return out;
}

function sniMatch(hosts: readonly string[] | undefined): FilterChain['filterChainMatch'] {
  if (!hosts || hosts.length === 0 || hosts.includes('*')) return undefined;
  return { serverNames: [...hosts] };
}

function serverChains(ctx: GenerationContext, ms: MergedServer, port: number, statPrefix: string, seen: Set<string>): FilterChain[] {
  const s = ms.server;
  if (isHttpsServerWithTlsTermination(s)) {
    const chain = {} as FilterChain;
    const match = sniMatch(ms.sniHosts);
    if (match) chain.filterChainMatch = match;
    chain.filters = [httpConnectionManager({ statPrefix: s.name || statPrefix, rds: ms.routeName, useRemoteAddress: true, gateway: true, mesh: ctx.snapshot.mesh })];
    chain.transportSocket = downstreamTransportSocket(downstreamTlsContext(s.tls!));
    return [chain];
  }
  if (!s.tls || !isPassthroughServer(s)) {
    const vsAndRoute = tcpRouteFor(ctx, ms);
    if (!vsAndRoute) return [];
    const chain: FilterChain = { filters: [tcpProxyFilter(vsAndRoute.routes, s.port.number ?? port, ctx.service, ctx.snapshot.mesh)], metadata: configMetadata(vsAndRoute.vs.resource) };
    if (s.tls) {
      const match = sniMatch(ms.sniHosts);
      if (match) chain.filterChainMatch = match;
      chain.transportSocket = downstreamTransportSocket(downstreamTlsContext(s.tls, undefined));
    }
    return [chain];
  }
  if (s.tls.mode === 'AUTO_PASSTHROUGH') return autoPassthroughChains(ctx, ms);
  return passthroughChains(ctx, ms, port, seen);
}

function l4Matches(m: { port?: number; gateways?: string[] }, server: Server, gatewayName: string, vsNamespace: string): boolean {
  if (m.port && m.port !== server.port.number) return false;
  if (!m.gateways || m.gateways.length === 0) return true;
  return m.gateways.some((g) => (g.includes('/') ? g : `${vsNamespace}/${g}`) === gatewayName);
}

/** Server hosts (namespace-qualified or not) that admit a VirtualService's hosts (Istio's pickMatchingGatewayHosts). */
function vsMatchesServer(vs: VirtualServiceEntry, server: Server): boolean {
  for (const vh of vs.spec.hosts ?? []) {
    for (const gh of server.hosts ?? []) {
      const i = gh.indexOf('/');
      if (i >= 0 && gh.slice(0, i) !== vs.namespace) continue;
      if (hostMatches(i >= 0 ? gh.slice(i + 1) : gh, vh)) return true;
    }
  }
  return false;
}

function tcpRouteFor(ctx: GenerationContext, ms: MergedServer): { vs: VirtualServiceEntry; routes: NonNullable<NonNullable<VirtualServiceEntry['spec']['tcp']>[number]['route']> } | undefined {
  for (const vs of virtualServicesForGateway(ctx.snapshot.virtualServices, ms.gatewayName, ctx.proxy.namespace)) {
    if (!vsMatchesServer(vs, ms.server)) continue;
    for (const tcp of vs.spec.tcp ?? []) {
      const ok = !tcp.match || tcp.match.length === 0 || tcp.match.some((m) => l4Matches(m, ms.server, ms.gatewayName, vs.namespace));
      if (ok && tcp.route && tcp.route.length > 0) return { vs, routes: tcp.route };
    }
  }
  return undefined;
}

function passthroughChains(ctx: GenerationContext, ms: MergedServer, port: number, seen: Set<string>): FilterChain[] {
  const out: FilterChain[] = [];
  for (const vs of virtualServicesForGateway(ctx.snapshot.virtualServices, ms.gatewayName, ctx.proxy.namespace)) {
    if (!vsMatchesServer(vs, ms.server)) continue;
    for (const tls of vs.spec.tls ?? []) {
      if (!tls.route || tls.route.length === 0) continue;
      for (const m of tls.match ?? []) {
        if (!l4Matches(m, ms.server, ms.gatewayName, vs.namespace)) continue;
        const snis = sniHostsOf(m);
        if (snis.some((h) => seen.has(h))) continue;
        for (const h of snis) seen.add(h);
        out.push({ filterChainMatch: { serverNames: snis }, filters: [tcpProxyFilter(tls.route, ms.server.port.number ?? port, ctx.service, ctx.snapshot.mesh)], metadata: configMetadata(vs.resource) });
      }
    }
  }
  return out;
}

function sniHostsOf(m: TLSMatchAttributes): string[] {
  return [...(m.sniHosts ?? [])];
}

/** AUTO_PASSTHROUGH: one chain per internal service port and subset, matched by its cluster name as SNI. */
function autoPassthroughChains(ctx: GenerationContext, ms: MergedServer): FilterChain[] {
  const out: FilterChain[] = [];
  for (const svc of ctx.scope.services) {
    if (svc.meshExternal || !(ms.sniHosts ?? []).some((h) => hostSubsetOf(svc.hostname, h))) continue;
    const subsets = ctx.destinationRule(svc)?.rule.subsets ?? [];
    for (const p of svc.ports) {
      if (p.protocol === 'UDP') continue;
      for (const subset of [undefined, ...subsets.map((x) => x.name)]) {
        const cluster = subsetKey('outbound', subset, svc.hostname, p.port);
        out.push({ filterChainMatch: { serverNames: [cluster], applicationProtocols: ['istio-peer-exchange', 'istio', 'istio-http/1.0', 'istio-http/1.1', 'istio-h2'] }, filters: [tcpProxyToCluster(cluster, ctx.snapshot.mesh)] });
      }
    }
  }
  return out;
}
