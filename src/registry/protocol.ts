/**
 * Port protocols as Istio parses them (pkg/config/protocol): from a Gateway/ServiceEntry protocol
 * field, a Kubernetes port's `appProtocol`, or its name prefix (`http-web` → HTTP).
 */

export type Protocol = 'HTTP' | 'HTTP2' | 'HTTP_PROXY' | 'GRPC' | 'GRPC-Web' | 'HTTPS' | 'TLS' | 'TCP' | 'UDP' | 'Mongo' | 'Redis' | 'MySQL' | 'UnsupportedProtocol';

const BY_NAME: Record<string, Protocol> = {
  http: 'HTTP',
  http2: 'HTTP2',
  http_proxy: 'HTTP_PROXY',
  grpc: 'GRPC',
  'grpc-web': 'GRPC-Web',
  https: 'HTTPS',
  tls: 'TLS',
  tcp: 'TCP',
  udp: 'UDP',
  mongo: 'Mongo',
  redis: 'Redis',
  mysql: 'MySQL',
  h2c: 'HTTP2',
  'kubernetes.io/h2c': 'HTTP2',
};

/** Protocol fields as written → Protocol; configurations use a handful of spellings, so this stays small. */
const parsed = new Map<string, Protocol>();
const MAX_PARSED = 1024;

export function parseProtocol(s: string | undefined): Protocol {
  if (!s) return 'UnsupportedProtocol';
  let p = parsed.get(s);
  if (p === undefined) {
    p = Object.prototype.hasOwnProperty.call(BY_NAME, s.toLowerCase()) ? BY_NAME[s.toLowerCase()] : 'UnsupportedProtocol';
    if (parsed.size < MAX_PARSED) parsed.set(s, p);
  }
  return p;
}

/** Kubernetes port: `appProtocol` first, then the name prefix before `-`. */
export function protocolFromKubernetesPort(name: string | undefined, appProtocol: string | undefined, l4: string | undefined): Protocol {
  if (l4 && l4.toUpperCase() === 'UDP') return 'UDP';
  if (appProtocol) {
    const p = parseProtocol(appProtocol);
    if (p !== 'UnsupportedProtocol') return p;
  }
  if (name) {
    const prefix = name.split('-')[0];
    const p = parseProtocol(prefix);
    if (p !== 'UnsupportedProtocol') return p;
  }
  return 'UnsupportedProtocol';
}

export function isHttp(p: Protocol): boolean {
  return p === 'HTTP' || p === 'HTTP2' || p === 'HTTP_PROXY' || p === 'GRPC' || p === 'GRPC-Web';
}

export function isTls(p: Protocol): boolean {
  return p === 'HTTPS' || p === 'TLS';
}

/** Protocols whose upstream speaks HTTP/2 (Istio sets http2ProtocolOptions on their clusters). */
export function isHttp2(p: Protocol): boolean {
  return p === 'HTTP2' || p === 'GRPC' || p === 'GRPC-Web';
}
