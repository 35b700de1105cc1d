/**
 * Filter chain selection as Envoy does it: narrow the chains by destination port, destination IP
 * (longest prefix), server name (exact SNI, then the longest `*.` wildcard), transport protocol,
 * application protocols (ALPN), then source IP and port. At each step the most specific matching
 * chains win and chains that do not set the criterion are the fallback; no chain → the default
 * chain, or the connection is closed.
 */
import { ConfigError } from '../config/config-error.ts';
import { cidrMatch } from './cidr.ts';
import type { DownstreamConnection } from './downstream-connection.ts';
import type { FilterChainConfig } from './filter-chain.ts';

/** Score of a chain for one criterion: undefined = not set, -1 = mismatch, >= 0 = specificity. */
type Score = (c: FilterChainConfig, conn: DownstreamConnection) => number | undefined;

function narrow(chains: FilterChainConfig[], conn: DownstreamConnection, score: Score): FilterChainConfig[] {
  let best = -1;
  let bestChains: FilterChainConfig[] = [];
  const unset: FilterChainConfig[] = [];
  for (const c of chains) {
    const s = score(c, conn);
    if (s === undefined) unset.push(c);
    else if (s > best) {
      best = s;
      bestChains = [c];
    } else if (s === best && s >= 0) bestChains.push(c);
  }
  return best >= 0 ? bestChains : unset;
}

function serverNameScore(names: string[], sni: string): number {
  let best = -1;
  for (const n of names) {
    if (n === sni) return 100_000;
    if (n.startsWith('*.') && sni.length > n.length - 1 && sni.endsWith(n.slice(1))) best = Math.max(best, n.length);
  }
  return best;
}

const STAGES: Score[] = [
  (c, conn) => (c.match.destinationPort === undefined ? undefined : c.match.destinationPort === conn.listenerPort ? 0 : -1),
  (c, conn) => (c.match.prefixRanges.length === 0 ? undefined : Math.max(...c.match.prefixRanges.map((r) => cidrMatch(r, conn.localIp)))),
  (c, conn) => (c.match.serverNames.length === 0 ? undefined : conn.sni === '' ? -1 : serverNameScore(c.match.serverNames, conn.sni)),
  (c, conn) => (c.match.transportProtocol === undefined ? undefined : c.match.transportProtocol === conn.transportProtocol ? 0 : -1),
  (c, conn) => {
    const want = c.match.applicationProtocols;
    if (want.length === 0) return undefined;
    const offered = conn.transportProtocol === 'tls' ? conn.offeredAlpn : conn.detectedHttp ? [conn.detectedHttp] : [];
    return want.some((p) => offered.includes(p)) ? 0 : -1;
  },
  (c, conn) => (c.match.sourcePrefixRanges.length === 0 ? undefined : Math.max(...c.match.sourcePrefixRanges.map((r) => cidrMatch(r, conn.remoteIp)))),
  (c, conn) => (c.match.sourcePorts.length === 0 ? undefined : c.match.sourcePorts.includes(conn.remotePort) ? 0 : -1),
];

export class FilterChainManager {
  /** Whether selection needs the TLS inspector (SNI / transport / ALPN criteria). */
  readonly needsTlsInspection: boolean;
  readonly needsHttpInspection: boolean;

  constructor(readonly chains: FilterChainConfig[], readonly defaultChain: FilterChainConfig | undefined, tlsInspector: boolean, httpInspector: boolean) {
    this.needsTlsInspection = tlsInspector || chains.some((c) => c.match.serverNames.length > 0 || c.match.transportProtocol !== undefined || (c.match.applicationProtocols.length > 0 && !httpInspector));
    this.needsHttpInspection = httpInspector;
    this.checkUnique();
  }

  /** Envoy rejects listeners whose chains share identical match rules. */
  private checkUnique(): void {
    const seen = new Map<string, string>();
    for (const c of this.chains) {
      const m = c.match;
      const base = JSON.stringify([m.destinationPort, m.prefixRanges.map((r) => `${r.addr}/${r.bits}`).sort(), m.transportProtocol, [...m.applicationProtocols].sort(), m.sourcePrefixRanges.map((r) => `${r.addr}/${r.bits}`).sort(), [...m.sourcePorts].sort()]);
      for (const sn of m.serverNames.length > 0 ? m.serverNames : ['']) {
        const k = `${base}|${sn}`;
        const prev = seen.get(k);
        if (prev !== undefined) throw new ConfigError(`filter chains ${prev} and ${c.name} have the same matching rules${sn ? ` (server name "${sn}")` : ''}`);
        seen.set(k, c.name);
      }
    }
  }

  select(conn: DownstreamConnection): FilterChainConfig | undefined {
    let candidates = this.chains;
    if (candidates.length > 1 || (candidates.length === 1 && hasCriteria(candidates[0]))) {
      for (const stage of STAGES) {
        candidates = narrow(candidates, conn, stage);
        if (candidates.length === 0) break;
      }
    }
    return candidates[0] ?? this.defaultChain;
  }
}

function hasCriteria(c: FilterChainConfig): boolean {
  const m = c.match;
  return m.destinationPort !== undefined || m.prefixRanges.length > 0 || m.serverNames.length > 0 || m.transportProtocol !== undefined || m.applicationProtocols.length > 0 || m.sourcePrefixRanges.length > 0 || m.sourcePorts.length > 0;
}
