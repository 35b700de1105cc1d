/**
 * Envoy's substitution command operators (`%REQ(X?Y):N%`, `%RESPONSE_FLAGS%`, `%START_TIME(...)%`,
 * ...) as compiled value getters over a StreamInfo. `undefined` means "no value" and prints `-`.
 */
import { hostname } from 'node:os';
import { formatFlags } from './response-flags.ts';
import type { StreamInfo } from './stream-info.ts';
import { formatStartTime } from './start-time.ts';

export type Getter = (info: StreamInfo) => string | undefined;

const HOST = hostname();

function str(n: number): string {
  return String(n);
}

function withoutPort(addr: string): string {
  if (addr.startsWith('[')) return addr.slice(1, addr.indexOf(']'));
  const i = addr.lastIndexOf(':');
  return i < 0 ? addr : addr.slice(0, i);
}

function durationMs(i: StreamInfo): number {
  const end = i.endMono > 0 ? i.endMono : i.startMono;
  return Math.max(0, Math.floor(end - i.startMono));
}

const SIMPLE: Record<string, Getter> = {
  PROTOCOL: (i) => i.protocol || undefined,
  RESPONSE_CODE: (i) => str(i.responseCode),
  RESPONSE_CODE_DETAILS: (i) => i.responseCodeDetails || undefined,
  CONNECTION_TERMINATION_DETAILS: (i) => i.connectionTerminationDetails || undefined,
  RESPONSE_FLAGS: (i) => formatFlags(i.responseFlags),
  BYTES_RECEIVED: (i) => str(i.bytesReceived),
  BYTES_SENT: (i) => str(i.bytesSent),
  DURATION: (i) => str(durationMs(i)),
  REQUEST_DURATION: (i) => str(durationMs(i)),
  RESPONSE_DURATION: (i) => (i.upstreamServiceTimeMs >= 0 ? str(i.upstreamServiceTimeMs) : undefined),
  UPSTREAM_HOST: (i) => i.upstreamHost || undefined,
  UPSTREAM_REMOTE_ADDRESS: (i) => i.upstreamHost || undefined,
  UPSTREAM_CLUSTER: (i) => i.upstreamCluster || undefined,
  UPSTREAM_CLUSTER_RAW: (i) => i.upstreamCluster || undefined,
  UPSTREAM_LOCAL_ADDRESS: (i) => i.upstreamLocalAddress || undefined,
  UPSTREAM_TRANSPORT_FAILURE_REASON: (i) => i.upstreamTransportFailureReason || undefined,
  UPSTREAM_REQUEST_ATTEMPT_COUNT: (i) => str(i.attemptCount),
  ROUTE_NAME: (i) => i.routeName || undefined,
  REQUESTED_SERVER_NAME: (i) => i.downstream.sni || undefined,
  DOWNSTREAM_LOCAL_ADDRESS: (i) => i.downstream.localAddressText,
  DOWNSTREAM_LOCAL_ADDRESS_WITHOUT_PORT: (i) => i.downstream.localIp,
  DOWNSTREAM_LOCAL_PORT: (i) => str(i.downstream.localPort),
  DOWNSTREAM_REMOTE_ADDRESS: (i) => i.downstream.remoteAddressText,
  DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT: (i) => i.downstream.remoteIp,
  DOWNSTREAM_REMOTE_PORT: (i) => str(i.downstream.remotePort),
  DOWNSTREAM_DIRECT_REMOTE_ADDRESS: (i) => i.downstream.remoteAddressText,
  DOWNSTREAM_DIRECT_REMOTE_ADDRESS_WITHOUT_PORT: (i) => i.downstream.remoteIp,
  CONNECTION_ID: (i) => str(i.downstream.id),
  DOWNSTREAM_TLS_VERSION: (i) => i.downstream.tlsVersion() || undefined,
  DOWNSTREAM_TLS_CIPHER: (i) => i.downstream.tlsCipher() || undefined,
  DOWNSTREAM_PEER_URI_SAN: (i) => i.downstream.peerUriSan() || undefined,
  DOWNSTREAM_LOCAL_URI_SAN: (i) => i.downstream.localUriSan() || undefined,
  DOWNSTREAM_PEER_SUBJECT: (i) => i.downstream.peerSubject() || undefined,
  DOWNSTREAM_PEER_ISSUER: (i) => i.downstream.peerIssuer() || undefined,
  DOWNSTREAM_PEER_FINGERPRINT_256: (i) => i.downstream.peerFingerprint256() || undefined,
  DOWNSTREAM_PEER_SERIAL: (i) => i.downstream.peerSerial() || undefined,
  HOSTNAME: () => HOST,
  UPSTREAM_PEER_URI_SAN: () => undefined,
  UPSTREAM_PEER_SUBJECT: () => undefined,
};

/** Operators Envoy has that Sextant prints as `-` (no metadata or filter state yet). */
const UNSUPPORTED_QUIET = new Set(['DYNAMIC_METADATA', 'CLUSTER_METADATA', 'UPSTREAM_METADATA', 'FILTER_STATE', 'UPSTREAM_FILTER_STATE', 'ROUTE_METADATA', 'CEL', 'METADATA']);

function headerGetter(arg: string, lookup: (i: StreamInfo, name: string) => string | undefined, stripQuery: boolean): Getter {
  const [main, alt] = arg.split('?').map((s) => s.trim().toLowerCase());
  const clean = (v: string | undefined): string | undefined => {
    if (v === undefined || !stripQuery) return v;
    const q = v.indexOf('?');
    return q < 0 ? v : v.slice(0, q);
  };
  if (alt === undefined) return (i) => clean(lookup(i, main));
  return (i) => clean(lookup(i, main) ?? lookup(i, alt));
}

/** Compiles one operator; returns undefined (and the caller warns) when it is unknown. */
export function compileOperator(name: string, arg: string | undefined): Getter | undefined {
  switch (name) {
    case 'REQ':
      return headerGetter(arg ?? '', (i, n) => i.requestHeader(n), false);
    case 'REQ_WITHOUT_QUERY':
      return headerGetter(arg ?? '', (i, n) => i.requestHeader(n), true);
    case 'RESP':
      return headerGetter(arg ?? '', (i, n) => i.responseHeader(n), false);
    case 'TRAILER':
      return headerGetter(arg ?? '', (i, n) => i.responseTrailer(n), false);
    case 'START_TIME':
      return arg ? (i) => formatStartTime(i.startTime, arg) : (i) => new Date(i.startTime).toISOString();
    case 'DOWNSTREAM_PEER_CERT_V_START':
    case 'DOWNSTREAM_PEER_CERT_V_END':
      return () => undefined;
  }
  const simple = SIMPLE[name];
  if (simple) return simple;
  if (UNSUPPORTED_QUIET.has(name)) return () => undefined;
  return undefined;
}

export { withoutPort };
