/**
 * IST0109 ConflictingMeshGatewayVirtualServiceHosts: two VirtualServices bound to the `mesh`
 * gateway (sidecars) that define the same host for the same audience (exportTo). Sidecars use
 * only one of them, so part of the routing silently disappears.
 */
import type { VirtualService } from '../../api/networking/virtual-service.ts';
import type { Resource } from '../../api/resource.ts';
import { hostMatches } from '../../registry/host.ts';
import type { Analyzer } from '../analyzer.ts';
import { nsName } from '../context.ts';
import { MSG } from '../messages.ts';
import { boundGateways } from '../virtual-service-walk.ts';

const ALL = '*';

function scopes(vs: Resource<VirtualService>): string[] {
  const e = vs.spec?.exportTo ?? [];
  if (e.length === 0 || e.includes(ALL)) return [ALL];
  return [...new Set(e.filter((x) => x !== '~').map((x) => (x === '.' ? vs.metadata.namespace : x)))];
}

export const conflictingMeshGatewayHosts: Analyzer = {
  name: 'virtualservice.ConflictingMeshGatewayHostsAnalyzer',
  description: 'Checks if multiple virtual services associated with the mesh gateway have conflicting hosts',
  messages: [MSG.ConflictingMeshGatewayVirtualServiceHosts],
  analyze(ctx) {
    const byKey = new Map<string, { scope: string; host: string; list: Resource<VirtualService>[] }>();
    for (const vs of ctx.byKind<VirtualService>('VirtualService')) {
      if (!boundGateways(vs.spec).includes('mesh')) continue;
      for (const scope of scopes(vs)) {
        for (const h of vs.spec?.hosts ?? []) {
          const host = ctx.fqdn(h, vs.metadata.namespace);
          const key = `${scope}|${host}`;
          const e = byKey.get(key) ?? { scope, host, list: [] };
          if (!e.list.includes(vs)) e.list.push(vs);
          byKey.set(key, e);
        }
      }
    }
    const everywhere = [...byKey.values()].filter((e) => e.scope === ALL);
    const reported = new Set<Resource>();
    for (const e of byKey.values()) {
      let list = e.list;
      if (e.scope !== ALL) for (const a of everywhere) if (hostMatches(a.host, e.host)) list = [...list, ...a.list.filter((x) => !list.includes(x))];
      if (list.length < 2) continue;
      const names = list.map(nsName).sort().join(',');
      for (const vs of list) {
        if (reported.has(vs)) continue;
        reported.add(vs);
        const others = list.filter((x) => x !== vs).map(nsName).join(', ');
        ctx.report(MSG.ConflictingMeshGatewayVirtualServiceHosts, vs, [names, e.host], {
          hint: `Sidecars use only one VirtualService per host; move the routes of ${others} into this one (or give each VirtualService its own host or exportTo).`,
          at: { holder: vs.spec, key: 'hosts' },
          path: 'spec.hosts',
        });
      }
    }
  },
};
