/**
 * IST0145 ConflictingGateways: Gateways in any namespaces that configure the same workload (equal
 * selectors, or overlapping ones that select a common workload), the same port and the same host
 * with the same bind — seed 000's Gateways interfering across namespaces. For TLS servers the
 * gateway keeps the first Gateway by name and ignores the other server; for plain HTTP the hosts'
 * routes are merged into one virtual host. The hint says which happens and how to fix it.
 */
import type { Gateway, Server } from '../../api/networking/gateway.ts';
import type { Resource } from '../../api/resource.ts';
import { selectorMatches } from '../../registry/labels.ts';
import type { Analyzer } from '../analyzer.ts';
import { nsName, type AnalysisContext } from '../context.ts';
import { selectorString } from '../gateway-workloads.ts';
import { MSG } from '../messages.ts';

interface Entry {
  gw: Resource<Gateway>;
  server: Server;
  index: number;
  selector: string;
  hosts: Map<string, string>;
}

function hostsOf(s: Server): Map<string, string> {
  const m = new Map<string, string>();
  for (const h of s.hosts ?? []) m.set((h.startsWith('*/') ? h.slice(2) : h).toLowerCase(), s.bind ?? '');
  return m;
}

function sameWorkload(ctx: AnalysisContext, a: Entry, b: Entry): boolean {
  if (a.selector === b.selector) return true;
  if (!a.selector.includes(b.selector) && !b.selector.includes(a.selector)) return false;
  const sa = a.gw.spec?.selector ?? {};
  const sb = b.gw.spec?.selector ?? {};
  return ctx.workloads.some((w) => selectorMatches(sa, w.labels) && selectorMatches(sb, w.labels));
}

/** Istio keeps the Gateway that sorts first by name, then namespace. */
function precedes(a: Resource, b: Resource): boolean {
  return a.metadata.name < b.metadata.name || (a.metadata.name === b.metadata.name && a.metadata.namespace < b.metadata.namespace);
}

function hint(e: Entry, others: Entry[], dups: string[]): string {
  const first = others.find((o) => precedes(o.gw, e.gw));
  const tls = !!e.server.tls && !e.server.tls.httpsRedirect;
  const effect = tls
    ? first
      ? `the gateway keeps ${nsName(first.gw)} and ignores this server, so requests for ${dups.join(', ')} get ${nsName(first.gw)}'s certificate and routes`
      : `the gateway keeps this server and ignores the conflicting server of ${others.map((o) => nsName(o.gw)).join(', ')}`
    : 'their VirtualServices are merged into one virtual host in an order you do not control';
  return `On port ${e.server.port?.number}, ${effect}. Give each Gateway its own hosts (e.g. the FQDNs its VirtualServices serve instead of "*"), or keep one Gateway and bind VirtualServices of other namespaces to it as "namespace/name".`;
}

export const conflictingGateways: Analyzer = {
  name: 'gateway.ConflictingGatewayAnalyzer',
  description: "Checks a gateway's selector, port number and hosts against the other Gateways",
  messages: [MSG.ConflictingGateways],
  analyze(ctx) {
    const byPort = new Map<number, Entry[]>();
    for (const gw of ctx.byKind<Gateway>('Gateway')) {
      (gw.spec?.servers ?? []).forEach((server, index) => {
        const port = server?.port?.number;
        if (port === undefined) return;
        const list = byPort.get(port) ?? [];
        list.push({ gw, server, index, selector: selectorString(gw.spec.selector), hosts: hostsOf(server) });
        byPort.set(port, list);
      });
    }
    for (const [port, entries] of byPort) {
      if (entries.length < 2) continue;
      for (const e of entries) {
        const conflicts = entries.filter((o) => o.gw !== e.gw && sameWorkload(ctx, e, o) && [...e.hosts].some(([h, bind]) => o.hosts.get(h) === bind));
        if (conflicts.length === 0) continue;
        const names = [...new Set(conflicts.map((c) => nsName(c.gw)))].sort().join(',');
        const dups = [...e.hosts.keys()].filter((h) => conflicts.some((c) => c.hosts.has(h)));
        ctx.report(MSG.ConflictingGateways, e.gw, [names, e.selector, String(port), (e.server.hosts ?? []).join(',')], {
          hint: hint(e, conflicts, dups),
          at: { holder: e.gw.spec.servers, key: e.index },
          path: `spec.servers[${e.index}]`,
        });
      }
    }
  },
};
