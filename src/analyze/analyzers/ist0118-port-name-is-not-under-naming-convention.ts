/**
 * IST0118 PortNameIsNotUnderNamingConvention: a Kubernetes Service port whose protocol Istio
 * cannot tell from `appProtocol` or the `<protocol>[-suffix]` name, so it falls back to protocol
 * sniffing. Istio's ConvertProtocol, including its exceptions: UDP ports, `appProtocol` replacing
 * the name, `grpc-web` as one prefix, well-known ports (25, 53, 3306, 27017) defaulting to TCP,
 * and Istio's own Services (label `istio` or `release: istio`) skipped.
 */
import type { Resource } from '../../api/resource.ts';
import { parseProtocol, type Protocol } from '../../registry/protocol.ts';
import type { Analyzer } from '../analyzer.ts';
import { MSG } from '../messages.ts';

const WELL_KNOWN_TCP_PORTS = new Set([25, 53, 3306, 27017]);
const APP_PROTOCOL_ALIASES: Record<string, Protocol> = { 'kubernetes.io/h2c': 'HTTP2', 'kubernetes.io/ws': 'HTTP', 'kubernetes.io/wss': 'HTTPS' };

interface K8sPort {
  name?: string;
  port?: number;
  protocol?: string;
  appProtocol?: string;
  targetPort?: number | string;
}

/** Istio's kube.ConvertProtocol. */
export function convertProtocol(port: number, name: string, l4: string | undefined, appProtocol: string | undefined): Protocol {
  if ((l4 ?? '').toUpperCase() === 'UDP') return 'UDP';
  let n = name;
  if (appProtocol !== undefined) {
    n = appProtocol;
    const alias = APP_PROTOCOL_ALIASES[n];
    if (alias) return alias;
  }
  if (n.toLowerCase().startsWith('grpc-web')) return 'GRPC-Web';
  const i = n.indexOf('-');
  const p = parseProtocol(i >= 0 ? n.slice(0, i) : n);
  if (p === 'UnsupportedProtocol' && WELL_KNOWN_TCP_PORTS.has(port)) return 'TCP';
  return p;
}

function isIstioControlPlane(r: Resource): boolean {
  const l = r.metadata.labels ?? {};
  return 'istio' in l || l.release === 'istio';
}

export const portNameConvention: Analyzer = {
  name: 'service.PortNameAnalyzer',
  description: 'Checks the port names associated with each service',
  messages: [MSG.PortNameIsNotUnderNamingConvention],
  analyze(ctx) {
    for (const svc of ctx.byKind('Service')) {
      if (isIstioControlPlane(svc) || svc.spec?.type === 'ExternalName') continue;
      ((svc.spec?.ports ?? []) as K8sPort[]).forEach((p, i) => {
        const port = p.port ?? 0;
        if (convertProtocol(port, p.name ?? '', p.protocol, p.appProtocol) !== 'UnsupportedProtocol') return;
        const target = p.targetPort === undefined ? String(port) : String(p.targetPort);
        ctx.report(MSG.PortNameIsNotUnderNamingConvention, svc, [p.name ?? '', port, target], {
          hint: `Name it <protocol>[-<suffix>] (e.g. "http-${p.name || 'web'}", "grpc", "tcp") or set appProtocol, so that Istio does not have to sniff the protocol.`,
          at: { holder: svc.spec.ports, key: i },
          path: `spec.ports[${i}].name`,
        });
      });
    }
  },
};
