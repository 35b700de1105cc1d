/**
 * SXT0004 GatewayHostWithoutVirtualService (Sextant's own): a host of a Gateway server that routes
 * HTTP (plain HTTP, or HTTPS terminated at the gateway) which no VirtualService bound to that
 * Gateway covers. Requests for it reach the gateway and get 404 from the default virtual host —
 * seed 001's first step. Not reported for a Gateway one of whose VirtualServices has no matching
 * host at all: IST0132 already names that VirtualService as the cause.
 */
import type { Gateway } from '../../api/networking/gateway.ts';
import type { VirtualService } from '../../api/networking/virtual-service.ts';
import type { Resource } from '../../api/resource.ts';
import { isHttpServer, sanitizeServerHosts } from '../../model/merged-gateway.ts';
import { MESH_GATEWAY, resolveGatewayName } from '../../model/virtual-service-index.ts';
import { hostIntersection, hostsForNamespace, splitNamespacedHost } from '../../registry/host.ts';
import type { Analyzer } from '../analyzer.ts';
import { nsName } from '../context.ts';
import { MSG } from '../messages.ts';
import { vsHostsMatchGateway } from './ist0132-virtual-service-host-not-found-in-gateway.ts';

function bindings(vss: readonly Resource<VirtualService>[]): Map<string, Resource<VirtualService>[]> {
  const m = new Map<string, Resource<VirtualService>[]>();
  for (const vs of vss) {
    for (const g of vs.spec?.gateways ?? []) {
      if (g === MESH_GATEWAY) continue;
      const full = resolveGatewayName(g, vs.metadata.namespace);
      m.set(full, [...(m.get(full) ?? []), vs]);
    }
  }
  return m;
}

function covered(host: string, vss: readonly Resource<VirtualService>[]): boolean {
  return vss.some((vs) => hostIntersection(hostsForNamespace([host], vs.metadata.namespace), (vs.spec.hosts ?? []).map((h) => h.toLowerCase())).length > 0);
}

export const gatewayHostWithoutVirtualService: Analyzer = {
  name: 'gateway.UnroutedHostAnalyzer',
  description: 'Checks that every host of an HTTP Gateway server is routed by a VirtualService bound to the Gateway',
  messages: [MSG.GatewayHostWithoutVirtualService],
  analyze(ctx) {
    const bound = bindings(ctx.byKind<VirtualService>('VirtualService'));
    for (const gw of ctx.byKind<Gateway>('Gateway')) {
      const full = nsName(gw);
      const vss = bound.get(full) ?? [];
      if (vss.some((vs) => !vsHostsMatchGateway(vs.spec.hosts ?? [], gw, vs.metadata.namespace))) continue;
      (gw.spec?.servers ?? []).forEach((raw, i) => {
        if (!raw?.port || !isHttpServer(raw as never) || raw.tls?.httpsRedirect) return;
        const server = sanitizeServerHosts(raw as never, gw.metadata.namespace);
        for (const h of server.hosts) {
          const host = h.toLowerCase();
          if (covered(host, vss)) continue;
          const name = raw.port.name ? `${raw.port.name} (port ${raw.port.number})` : `port ${raw.port.number}`;
          const ns = splitNamespacedHost(host).namespace;
          const where = ns === '*' ? '' : ` in namespace ${ns}`;
          ctx.report(MSG.GatewayHostWithoutVirtualService, gw, [name, h, full], {
            hint: vss.length === 0
              ? `Bind a VirtualService${where} to it (gateways: [${full}]) with "${splitNamespacedHost(host).host}" in its hosts, or remove the host.`
              : `Add "${splitNamespacedHost(host).host}" to the hosts of one of ${vss.map(nsName).join(', ')}, or remove the host from the Gateway.`,
            at: { holder: raw.hosts, key: raw.hosts.indexOf(h) },
            path: `spec.servers[${i}].hosts`,
          });
        }
      });
    }
  },
};
