/**
 * Outbound listeners of a sidecar (Istio's buildSidecarOutboundListeners): `0.0.0.0_PORT` with an
 * HTTP connection manager on RDS `PORT` for HTTP service ports; `VIP_PORT` (or `0.0.0.0_PORT`)
 * with tcp_proxy for TCP ports, following mesh VirtualService tcp routes (destinationSubnets as
 * prefix-range chains); TLS/HTTPS ports matched
 * by SNI following tls routes; and `virtualOutbound` (15001, original destination) whose default
 * chain goes to PassthroughCluster (ALLOW_ANY) or BlackHoleCluster (REGISTRY_ONLY).
 */
import type { CidrRange, FilterChain, Listener } from '../../envoy/types.ts';
import { FILTER, TYPE_URL } from '../../envoy/type-urls.ts';
import type { L4MatchAttributes, RouteDestination, TLSMatchAttributes } from '../../model/api-types.ts';
import { MESH_GATEWAY, type VirtualServiceEntry } from '../../model/virtual-service-index.ts';
import { selectorMatches } from '../../registry/labels.ts';
import { hostMatches } from '../../registry/host.ts';
import { isHttp, isTls } from '../../registry/protocol.ts';
import type { Service, ServicePort } from '../../registry/service.ts';
import type { GenerationContext } from '../context.ts';
import { configMetadata } from '../metadata.ts';
import { BLACKHOLE_CLUSTER, listenerName, PASSTHROUGH_CLUSTER, subsetKey, VIRTUAL_OUTBOUND_LISTENER, VIRTUAL_OUTBOUND_PORT, WILDCARD_ADDRESS } from '../names.ts';
import { httpConnectionManager } from './http-connection-manager.ts';
import { tcpProxyFilter, tcpProxyToCluster } from './tcp-proxy.ts';

interface Pending {
  address: string;
  port: number;
  http: boolean;
  chains: FilterChain[];
  sni: Set<string>;
}

export function sidecarOutboundListeners(ctx: GenerationContext): Listener[] {
  const pending = new Map<string, Pending>();
  const get = (address: string, port: number, http: boolean): Pending | undefined => {
    const key = listenerName(address, port);
    const p = pending.get(key);
    if (p) return p.http === http ? p : undefined;
    const n: Pending = { address, port, http, chains: [], sni: new Set() };
    pending.set(key, n);
    return n;
  };
  for (const svc of ctx.scope.services) {
    for (const port of svc.ports) {
      if (port.protocol === 'UDP') continue;
      if (isHttp(port.protocol)) {
        const p = get(WILDCARD_ADDRESS, port.port, true);
        if (p && p.chains.length === 0) p.chains.push({ filters: [httpConnectionManager({ statPrefix: `outbound_${listenerName(WILDCARD_ADDRESS, port.port)}`, rds: String(port.port), useRemoteAddress: false, gateway: false, mesh: ctx.snapshot.mesh })] });
        continue;
      }
      const vip = svc.addresses.find((a) => a !== WILDCARD_ADDRESS);
      const p = get(vip ?? WILDCARD_ADDRESS, port.port, false);
      if (!p) continue;
      if (isTls(port.protocol) && !vip) addTlsChains(ctx, p, svc, port);
      else if (p.chains.length === 0) p.chains.push(...tcpChains(ctx, svc, port));
    }
  }
  const out: Listener[] = [];
  for (const p of pending.values()) {
    if (p.chains.length === 0) continue;
    const l: Listener = { name: listenerName(p.address, p.port), address: { socketAddress: { address: p.address, portValue: p.port } }, filterChains: p.chains, bindToPort: false, trafficDirection: 'OUTBOUND' };
    if (p.sni.size > 0) {
      l.listenerFilters = [{ name: FILTER.tlsInspector, typedConfig: { '@type': TYPE_URL.tlsInspector } }];
      l.defaultFilterChain = { name: 'PassthroughFilterChain', filters: [tcpProxyToCluster(fallbackCluster(ctx), ctx.snapshot.mesh)] };
    }
    out.push(l);
  }
  out.push(virtualOutboundListener(ctx));
  return out;
}

function fallbackCluster(ctx: GenerationContext): string {
  return ctx.scope.outboundTrafficPolicy === 'REGISTRY_ONLY' ? BLACKHOLE_CLUSTER : PASSTHROUGH_CLUSTER;
}

/** Does an L4 match apply to this sidecar (port, `mesh` gateway, source labels and namespace)? */
function l4Applies(ctx: GenerationContext, m: L4MatchAttributes | TLSMatchAttributes, port: number): boolean {
  if (m.port && m.port !== port) return false;
  if (m.gateways?.length && !m.gateways.includes(MESH_GATEWAY)) return false;
  if (!selectorMatches(m.sourceLabels, ctx.proxy.labels)) return false;
  return !m.sourceNamespace || m.sourceNamespace === ctx.proxy.namespace;
}

function cidr(s: string): CidrRange {
  const [addressPrefix, len] = s.split('/');
  return { addressPrefix, prefixLen: len !== undefined ? Number(len) : addressPrefix.includes(':') ? 128 : 32 };
}

/**
 * TCP service port: the mesh VirtualServices' tcp routes for it, a route whose match names
 * destinationSubnets becoming a chain matched by those prefixes; the first unconditional route
 * (or the service's own cluster) is the catch-all chain.
 */
function tcpChains(ctx: GenerationContext, svc: Service, port: ServicePort): FilterChain[] {
  const chains: FilterChain[] = [];
  let fallback: FilterChain | undefined;
  for (const vs of ctx.scope.meshVirtualServices) {
    if (!(vs.spec.hosts ?? []).some((h) => hostMatches(h, svc.hostname))) continue;
    for (const r of vs.spec.tcp ?? []) {
      if (!r.route?.length) continue;
      const matches = (r.match ?? []).filter((m) => l4Applies(ctx, m, port.port));
      if (r.match?.length && matches.length === 0) continue;
      const chain = (): FilterChain => ({ filters: [tcpProxyFilter(r.route!, port.port, ctx.service, ctx.snapshot.mesh)], metadata: configMetadata(vs.resource) });
      for (const m of matches) if (m.destinationSubnets?.length) chains.push({ ...chain(), filterChainMatch: { prefixRanges: m.destinationSubnets.map(cidr) } });
      if (!fallback && (matches.length === 0 || matches.some((m) => !m.destinationSubnets?.length))) fallback = chain();
    }
  }
  chains.push(fallback ?? { filters: [tcpProxyToCluster(subsetKey('outbound', undefined, svc.hostname, port.port), ctx.snapshot.mesh)] });
  return chains;
}

/** TLS without a VIP: one chain per SNI — the tls routes' sniHosts, else the service host. */
function addTlsChains(ctx: GenerationContext, p: Pending, svc: Service, port: ServicePort): void {
  const fromRoutes: { sni: string[]; route: RouteDestination[]; vs: VirtualServiceEntry }[] = [];
  for (const vs of ctx.scope.meshVirtualServices) {
    if (!(vs.spec.hosts ?? []).some((h) => hostMatches(h, svc.hostname))) continue;
    for (const t of vs.spec.tls ?? []) {
      for (const m of t.match ?? []) {
        if (!l4Applies(ctx, m, port.port)) continue;
        const sni = (m.sniHosts ?? []).filter((h) => hostMatches(h, svc.hostname));
        if (sni.length && t.route?.length) fromRoutes.push({ sni, route: t.route, vs });
      }
    }
  }
  for (const r of fromRoutes) {
    const sni = r.sni.filter((h) => !p.sni.has(h));
    if (sni.length === 0) continue;
    for (const h of sni) p.sni.add(h);
    p.chains.push({ filterChainMatch: { serverNames: sni }, filters: [tcpProxyFilter(r.route, port.port, ctx.service, ctx.snapshot.mesh)], metadata: configMetadata(r.vs.resource) });
  }
  if (!p.sni.has(svc.hostname)) {
    p.sni.add(svc.hostname);
    p.chains.push({ filterChainMatch: { serverNames: [svc.hostname] }, filters: [tcpProxyToCluster(subsetKey('outbound', undefined, svc.hostname, port.port), ctx.snapshot.mesh)] });
  }
}

function virtualOutboundListener(ctx: GenerationContext): Listener {
  const cluster = fallbackCluster(ctx);
  return {
    name: VIRTUAL_OUTBOUND_LISTENER,
    address: { socketAddress: { address: WILDCARD_ADDRESS, portValue: VIRTUAL_OUTBOUND_PORT } },
    defaultFilterChain: { name: cluster === PASSTHROUGH_CLUSTER ? 'PassthroughFilterChain' : 'BlackHoleFilterChain', filters: [tcpProxyToCluster(cluster, ctx.snapshot.mesh)] },
    useOriginalDst: true,
    trafficDirection: 'OUTBOUND',
  };
}
