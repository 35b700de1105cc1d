/**
 * IST0162 GatewayPortNotDefinedOnService: a Gateway server port that the Service in front of the
 * gateway workload does not expose — neither as a targetPort nor as a service port. Clients going
 * through that Service (the LoadBalancer of seed 001) cannot reach the server. Runs for Gateways
 * whose workload and at least one Service selecting it are in the analyzed files.
 */
import type { Gateway } from '../../api/networking/gateway.ts';
import { selectorMatches } from '../../registry/labels.ts';
import type { Analyzer } from '../analyzer.ts';
import type { AnalysisContext } from '../context.ts';
import { gatewayWorkloads, selectorString } from '../gateway-workloads.ts';
import { MSG } from '../messages.ts';
import type { AnalyzedWorkload } from '../workloads.ts';

interface K8sPort {
  port?: number;
  targetPort?: number | string;
  protocol?: string;
  name?: string;
}

/** Ports the gateway pods can be reached on through Services: targetPorts and service ports. */
function reachablePorts(ctx: AnalysisContext, workloads: AnalyzedWorkload[]): { ports: Set<number>; services: string[] } {
  const ports = new Set<number>();
  const services: string[] = [];
  for (const svc of ctx.byKind('Service')) {
    const sel = svc.spec?.selector as Record<string, string> | undefined;
    if (!sel || Object.keys(sel).length === 0) continue;
    const w = workloads.find((x) => x.namespace === svc.metadata.namespace && selectorMatches(sel, x.labels));
    if (!w) continue;
    services.push(`${svc.metadata.namespace}/${svc.metadata.name}`);
    for (const p of (svc.spec?.ports ?? []) as K8sPort[]) {
      if ((p.protocol ?? 'TCP').toUpperCase() !== 'TCP' || p.port === undefined) continue;
      ports.add(p.port);
      const tp = p.targetPort;
      if (typeof tp === 'number') ports.add(tp);
      else if (typeof tp === 'string' && /^\d+$/.test(tp)) ports.add(Number(tp));
      else if (typeof tp === 'string' && w.ports[tp] !== undefined) ports.add(w.ports[tp]);
    }
  }
  return { ports, services };
}

export const gatewayPortNotDefinedOnService: Analyzer = {
  name: 'gateway.IngressGatewayPortAnalyzer',
  description: "Checks a gateway's ports against the gateway's Kubernetes service ports",
  messages: [MSG.GatewayPortNotDefinedOnService],
  analyze(ctx) {
    if (!ctx.hasWorkloads) return;
    for (const gw of ctx.byKind<Gateway>('Gateway')) {
      const ws = gatewayWorkloads(ctx, gw);
      if (ws.length === 0) continue;
      const { ports, services } = reachablePorts(ctx, ws);
      if (services.length === 0) continue;
      const sel = selectorString(gw.spec?.selector);
      (gw.spec?.servers ?? []).forEach((s, i) => {
        const n = s?.port?.number;
        if (n === undefined || ports.has(n)) return;
        ctx.report(MSG.GatewayPortNotDefinedOnService, gw, [n, sel], {
          hint: `Add port ${n} (or a port whose targetPort is ${n}) to Service ${services.join(', ')}, or use a port it already exposes (${[...ports].sort((a, b) => a - b).join(', ')}).`,
          at: { holder: s.port, key: 'number' },
          path: `spec.servers[${i}].port.number`,
        });
      });
    }
  },
};
