/**
 * The protocol Istio gives a Kubernetes Service port (pkg/config/kube ConvertProtocol): UDP when
 * the port is UDP; otherwise from `appProtocol` when set (with Kubernetes' `kubernetes.io/h2c`,
 * `kubernetes.io/ws`, `kubernetes.io/wss`), else from the port name's prefix `<protocol>[-<suffix>]`;
 * well-known ports (25, 53, 3306, 27017) default to TCP. `undefined` means unsupported: Istio
 * sniffs the protocol at run time.
 */

export const ISTIO_PORT_PROTOCOLS = ['TCP', 'UDP', 'GRPC', 'GRPC-Web', 'HTTP', 'HTTP_PROXY', 'HTTP2', 'HTTPS', 'TLS', 'Mongo', 'Redis', 'MySQL'] as const;
export type IstioPortProtocol = (typeof ISTIO_PORT_PROTOCOLS)[number];

const BY_LOWER = new Map<string, IstioPortProtocol>(ISTIO_PORT_PROTOCOLS.map((p) => [p.toLowerCase(), p]));
const WELL_KNOWN_TCP_PORTS = new Set([25, 53, 3306, 27017]);
const K8S_APP_PROTOCOLS: Readonly<Record<string, IstioPortProtocol>> = {
  'kubernetes.io/h2c': 'HTTP2',
  'kubernetes.io/ws': 'HTTP',
  'kubernetes.io/wss': 'HTTPS',
};

/** Parses a protocol name case-insensitively (`http`, `GRPC-Web`, ...). */
export function parseIstioProtocol(name: string): IstioPortProtocol | undefined {
  return BY_LOWER.get(name.toLowerCase());
}

export function servicePortProtocol(port: number, name: string | undefined, protocol: string | undefined, appProtocol: string | undefined): IstioPortProtocol | undefined {
  if (protocol === 'UDP') return 'UDP';
  let n = name ?? '';
  if (appProtocol !== undefined) {
    const k8s = K8S_APP_PROTOCOLS[appProtocol];
    if (k8s) return k8s;
    n = appProtocol;
  }
  if (n.toLowerCase().startsWith('grpc-web')) return 'GRPC-Web';
  const dash = n.indexOf('-');
  const p = parseIstioProtocol(dash >= 0 ? n.slice(0, dash) : n);
  if (p) return p;
  return WELL_KNOWN_TCP_PORTS.has(port) ? 'TCP' : undefined;
}
