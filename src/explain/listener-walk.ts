/**
 * The first steps of a walk: the listener a connection reaches and its filter chain. A gateway
 * listens on its server ports (a Service port is translated to its targetPort, as the gateway
 * Service does); a sidecar's outbound traffic reaches `VIP_PORT`, else `0.0.0.0_PORT`, else the
 * `virtualOutbound` listener's default chain. The chain is chosen by the proxy's own selection
 * (port, SNI, transport protocol, ALPN); then its terminal network filter decides: an HTTP
 * connection manager continues in http-walk.ts, tcp_proxy goes straight to a cluster.
 */
import type { HttpConnectionManager, Listener, TcpProxy } from '../envoy/types.ts';
import { FILTER } from '../envoy/type-urls.ts';
import { gatewayPortMap } from '../generate/context.ts';
import { VIRTUAL_OUTBOUND_LISTENER } from '../generate/names.ts';
import { isIpAddress, resolveShortName } from '../registry/host.ts';
import { walkCluster } from './cluster-walk.ts';
import { walkHttp } from './http-walk.ts';
import { metadataProvenance } from './provenance.ts';
import { selectFilterChain, type ConnectionFacts } from './proxy-matchers.ts';
import type { ExplainOutcome } from './types.ts';
import { nearMiss, share, step, type WalkContext } from './walk-context.ts';

const portOf = (l: Listener): number | undefined => l.address?.socketAddress?.portValue;
const addressOf = (l: Listener): string => l.address?.socketAddress?.address ?? '0.0.0.0';

/** The destination IP a sidecar's connection goes to: the URL's IP or the service VIP. */
function destinationIp(w: WalkContext): string | undefined {
  if (isIpAddress(w.req.host)) return w.req.host;
  const fqdn = resolveShortName(w.req.host, w.proxy.namespace, w.snapshot.domainSuffix);
  return w.snapshot.registry.servicesByHost.get(fqdn)?.find((s) => s.addresses.length > 0)?.addresses[0];
}

function pickListener(w: WalkContext): { listener: Listener; port: number; ip?: string } | undefined {
  const ls = w.resources.listeners.filter((l) => !l.apiListener);
  let port = w.req.port;
  if (w.proxy.type === 'router') {
    let at = ls.filter((l) => portOf(l) === port);
    const target = gatewayPortMap(w.proxy, w.snapshot).get(port);
    if (at.length === 0 && target !== undefined) {
      at = ls.filter((l) => portOf(l) === target);
      if (at.length > 0) w.notes.push(`port ${port} is a port of the gateway's Service; its targetPort ${target} is where the gateway listens`);
      port = target;
    }
    const ip = isIpAddress(w.req.host) ? w.req.host : undefined;
    const l = at.find((x) => addressOf(x) === ip) ?? at.find((x) => addressOf(x) === '0.0.0.0') ?? at[0];
    return l ? { listener: l, port, ip } : undefined;
  }
  const ip = destinationIp(w);
  const l = ls.find((x) => portOf(x) === port && ip !== undefined && addressOf(x) === ip) ?? ls.find((x) => portOf(x) === port && addressOf(x) === '0.0.0.0' && !x.useOriginalDst);
  if (l) return { listener: l, port, ip };
  const vo = ls.find((x) => x.name === VIRTUAL_OUTBOUND_LISTENER);
  return vo ? { listener: vo, port, ip } : undefined;
}

function facts(w: WalkContext, port: number, ip: string | undefined): ConnectionFacts {
  const tls = w.req.scheme === 'https' || w.req.sni !== undefined;
  return { port, localIp: ip ?? '127.0.0.1', sni: w.req.sni ?? '', transportProtocol: tls ? 'tls' : 'raw_buffer', alpn: tls ? ['h2', 'http/1.1'] : [], detectedHttp: tls ? undefined : 'http/1.1' };
}

export function walkListener(w: WalkContext): ExplainOutcome {
  const picked = pickListener(w);
  if (!picked) {
    const ports = [...new Set(w.resources.listeners.map(portOf).filter((p) => p !== undefined))].sort((a, b) => a! - b!);
    return { kind: 'no-listener', summary: `the proxy has no listener on port ${w.req.port} (it listens on ${ports.join(', ') || 'no port'}): the connection is refused` };
  }
  const { listener, port, ip } = picked;
  step(w, 'listener', listener.name, `${listener.useOriginalDst ? 'original destination ' : ''}listener on ${addressOf(listener)}:${portOf(listener)}`);
  const f = facts(w, port, ip);
  const sel = selectFilterChain(listener, f);
  if (sel.error) return { kind: 'rejected-config', summary: `the proxy would refuse listener ${listener.name}: ${sel.error}` };
  if (!sel.chain) {
    for (const fc of listener.filterChains ?? []) {
      const names = fc.filterChainMatch?.serverNames ?? [];
      if (names.length) nearMiss(w, `filter chain ${fc.name ?? names.join(',')}`, `serves SNI [${names.join(', ')}], not ${f.sni ? `"${f.sni}"` : 'a connection without SNI'}`, 2, metadataProvenance(fc.metadata, w.snapshot));
    }
    return { kind: 'connection-closed', summary: `no filter chain of ${listener.name} matches (${f.sni ? `SNI ${f.sni}` : 'no SNI'}, ${f.transportProtocol}): the proxy closes the connection` };
  }
  const chain = sel.chain;
  const m = chain.filterChainMatch;
  const how = sel.index < 0 ? 'the default filter chain' : m?.serverNames ? `SNI ${m.serverNames.join(', ')}` : 'the only match';
  step(w, 'filterChain', chain.name ?? (sel.index < 0 ? 'default' : `#${sel.index}`), `${how}${chain.transportSocket ? '; terminates TLS' : ''}`, metadataProvenance(chain.metadata, w.snapshot));
  if (chain.transportSocket && f.transportProtocol !== 'tls') return { kind: 'connection-closed', summary: `filter chain expects TLS but the request is plain ${w.req.scheme}: the handshake fails and the connection is closed (use https://)` };
  const terminal = chain.filters[chain.filters.length - 1];
  if (terminal?.name === FILTER.httpConnectionManager) {
    if (f.transportProtocol === 'tls' && !chain.transportSocket) return { kind: 'connection-closed', summary: 'the filter chain speaks plain HTTP but the client starts TLS: the proxy answers 400 and closes the connection (use http://)' };
    return walkHttp(w, terminal.typedConfig as unknown as HttpConnectionManager, !!chain.transportSocket, port);
  }
  if (terminal?.name === FILTER.tcpProxy) return walkTcp(w, terminal.typedConfig as unknown as TcpProxy);
  return { kind: 'rejected-config', summary: `filter chain ends in ${terminal?.name ?? 'no filter'}, which explain does not follow` };
}

function walkTcp(w: WalkContext, tcp: TcpProxy): ExplainOutcome {
  const weighted = tcp.weightedClusters?.clusters ?? [];
  const total = weighted.reduce((s, c) => s + (c.weight ?? 0), 0);
  const cluster = tcp.cluster ?? [...weighted].sort((a, b) => b.weight - a.weight)[0]?.name ?? '';
  const c = walkCluster(w, cluster);
  const out: ExplainOutcome = { kind: 'tcp-forward', ...c.fields, summary: `TCP connection forwarded to ${cluster}` };
  if (weighted.length > 1) out.weighted = weighted.map((x) => ({ cluster: x.name, weight: x.weight, share: share(x.weight, total) }));
  if (c.failure === 'cluster-not-found') return { ...out, kind: 'cluster-not-found', summary: `cluster ${cluster} does not exist: the connection is closed` };
  if (c.failure === 'no-healthy-upstream') return { ...out, kind: 'no-healthy-upstream', summary: `cluster ${cluster} has no healthy endpoint: the connection is closed` };
  return out;
}
