/**
 * Gateway TLS servers whose certificate cannot be found. Istio still sends their filter chains and
 * the gateway's listener then waits forever for the missing secret, taking every other server on
 * the port down with it. Sextant leaves out only the filter chains that name a missing secret
 * (reported as a generation problem), and the listener when none is left.
 */
import type { Listener } from '../../envoy/types.ts';
import { referencedSecretNames } from './downstream-tls.ts';

export function withoutMissingSecrets(listeners: readonly Listener[], missing: ReadonlySet<string>): { listeners: Listener[]; dropped: { listener: string; chain: string; secrets: string[] }[] } {
  if (missing.size === 0) return { listeners: [...listeners], dropped: [] };
  const dropped: { listener: string; chain: string; secrets: string[] }[] = [];
  const out: Listener[] = [];
  for (const l of listeners) {
    const chains = (l.filterChains ?? []).filter((fc) => {
      const gone = referencedSecretNames((fc.transportSocket?.typedConfig ?? {}) as never).filter((n) => missing.has(n));
      if (gone.length > 0) dropped.push({ listener: l.name, chain: fc.name ?? fc.filterChainMatch?.serverNames?.join(',') ?? '(unnamed)', secrets: gone });
      return gone.length === 0;
    });
    if (chains.length === (l.filterChains ?? []).length) out.push(l);
    else if (chains.length > 0 || l.defaultFilterChain) out.push({ ...l, filterChains: chains });
  }
  return { listeners: out, dropped };
}
