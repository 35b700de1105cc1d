/**
 * IST0132 VirtualServiceHostNotFoundInGateway: a VirtualService bound to a Gateway none of whose
 * hosts (as usable from the VirtualService's namespace) matches any of the VirtualService's hosts.
 * The gateway then builds no virtual host from it, and requests get 404 — seed 001's "still 404"
 * step, where the hosts list `httpbin-service` but not the gateway's `httpbin.local`.
 */
import type { Gateway } from '../../api/networking/gateway.ts';
import type { VirtualService } from '../../api/networking/virtual-service.ts';
import type { Resource } from '../../api/resource.ts';
import { sanitizeServerHosts } from '../../model/merged-gateway.ts';
import { MESH_GATEWAY, resolveGatewayName } from '../../model/virtual-service-index.ts';
import { hostMatches, hostsForNamespace, splitNamespacedHost } from '../../registry/host.ts';
import type { Analyzer } from '../analyzer.ts';
import { gatewaysByName } from '../gateway-workloads.ts';
import { MSG } from '../messages.ts';

/** The hosts of a Gateway's servers as written (after `./` and `*\/` are sanitised). */
export function gatewayServerHosts(gw: Resource<Gateway>): string[] {
  const out: string[] = [];
  for (const s of gw.spec?.servers ?? []) if (s?.hosts) out.push(...sanitizeServerHosts(s as never, gw.metadata.namespace).hosts);
  return [...new Set(out)];
}

export function vsHostsMatchGateway(vsHosts: readonly string[], gw: Resource<Gateway>, vsNamespace: string): boolean {
  const usable = hostsForNamespace(gatewayServerHosts(gw), vsNamespace);
  return usable.some((g) => vsHosts.some((h) => hostMatches(g.toLowerCase(), h.toLowerCase())));
}

function hint(vs: Resource<VirtualService>, gw: Resource<Gateway>, full: string): string {
  const all = gatewayServerHosts(gw);
  const usable = hostsForNamespace(all, vs.metadata.namespace);
  if (usable.length === 0) {
    const nss = [...new Set(all.map((h) => splitNamespacedHost(h).namespace))].join(', ');
    return `Gateway ${full} only admits VirtualServices from namespace(s) ${nss} (its hosts are ${all.join(', ')}); move the VirtualService there or add "${vs.metadata.namespace}/<host>" to the Gateway's hosts.`;
  }
  return `Gateway ${full} accepts ${usable.join(', ')}; add the host clients use (e.g. "${usable[0]}") to the VirtualService's spec.hosts — until then the gateway answers 404 for it.`;
}

export const hostNotFoundInGateway: Analyzer = {
  name: 'virtualservice.GatewayHostAnalyzer',
  description: 'Checks that a VirtualService has a host that each of its Gateways accepts',
  messages: [MSG.VirtualServiceHostNotFoundInGateway],
  analyze(ctx) {
    const byName = gatewaysByName(ctx);
    for (const vs of ctx.byKind<VirtualService>('VirtualService')) {
      const hosts = vs.spec?.hosts ?? [];
      if (hosts.length === 0) continue;
      (vs.spec.gateways ?? []).forEach((g, i) => {
        if (g === MESH_GATEWAY) return;
        const full = resolveGatewayName(g, vs.metadata.namespace);
        const gw = byName.get(full);
        if (!gw || vsHostsMatchGateway(hosts, gw, vs.metadata.namespace)) return;
        ctx.report(MSG.VirtualServiceHostNotFoundInGateway, vs, [hosts, `${vs.metadata.namespace}/${vs.metadata.name}`, full], {
          hint: hint(vs, gw, full),
          at: { holder: vs.spec.gateways, key: i },
          path: `spec.gateways[${i}]`,
        });
      });
    }
  },
};
