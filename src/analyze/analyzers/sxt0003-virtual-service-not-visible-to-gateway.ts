/**
 * SXT0003 VirtualServiceNotVisibleToGateway (Sextant's own): a VirtualService bound to a Gateway
 * whose `exportTo` hides it from the namespace the gateway workload runs in. A gateway proxy only
 * uses the VirtualServices visible to its own namespace, so the binding silently does nothing and
 * requests get 404. The gateway workload's namespace comes from the Pods/Deployments in the files;
 * without them the Gateway's own namespace is assumed (and the hint says so).
 */
import type { Gateway } from '../../api/networking/gateway.ts';
import type { VirtualService } from '../../api/networking/virtual-service.ts';
import type { Resource } from '../../api/resource.ts';
import { isVisibleTo } from '../../model/visibility.ts';
import { MESH_GATEWAY, resolveGatewayName } from '../../model/virtual-service-index.ts';
import type { Analyzer } from '../analyzer.ts';
import type { AnalysisContext } from '../context.ts';
import { gatewaysByName, gatewayWorkloads } from '../gateway-workloads.ts';
import { MSG } from '../messages.ts';

function workloadNamespaces(ctx: AnalysisContext, gw: Resource<Gateway>): { namespaces: string[]; assumed: boolean } {
  const ns = [...new Set(gatewayWorkloads(ctx, gw).map((w) => w.namespace))];
  return ns.length > 0 ? { namespaces: ns, assumed: false } : { namespaces: [gw.metadata.namespace], assumed: true };
}

export const virtualServiceNotVisibleToGateway: Analyzer = {
  name: 'virtualservice.GatewayVisibilityAnalyzer',
  description: 'Checks that VirtualServices bound to a Gateway are exported to the namespace of its workload',
  messages: [MSG.VirtualServiceNotVisibleToGateway],
  analyze(ctx) {
    const gateways = gatewaysByName(ctx);
    for (const vs of ctx.byKind<VirtualService>('VirtualService')) {
      const exportTo = vs.spec?.exportTo;
      if (!exportTo || exportTo.length === 0 || exportTo.includes('*')) continue;
      (vs.spec.gateways ?? []).forEach((g, i) => {
        if (g === MESH_GATEWAY) return;
        const full = resolveGatewayName(g, vs.metadata.namespace);
        const gw = gateways.get(full);
        if (!gw) return;
        const { namespaces, assumed } = workloadNamespaces(ctx, gw);
        const hidden = namespaces.filter((ns) => !isVisibleTo(exportTo, vs.metadata.namespace, ns));
        for (const ns of hidden) {
          ctx.report(MSG.VirtualServiceNotVisibleToGateway, vs, [`${vs.metadata.namespace}/${vs.metadata.name}`, full, exportTo, ns], {
            hint: `Add "${ns}" to spec.exportTo (or use "*")${assumed ? `; no workload of Gateway ${full} is in the analyzed files, so its namespace ${ns} was assumed` : ''}.`,
            at: { holder: vs.spec, key: 'exportTo' },
            path: `spec.gateways[${i}]`,
          });
        }
      });
    }
  },
};
