/**
 * The request headers Envoy's connection manager sets before routing, as Istio users see them:
 * x-forwarded-for (peer appended with use_remote_address), x-forwarded-proto, x-envoy-internal,
 * x-request-id (kept or generated), B3 trace headers (continued or started when tracing is on) and
 * x-forwarded-client-cert per forward_client_cert_details.
 */
import { isInternalAddress } from '../common/ip.ts';
import { newRequestId, newSpanId, newTraceId } from '../common/ids.ts';
import { sample } from '../common/percent.ts';
import type { DownstreamConnection } from '../listener/downstream-connection.ts';
import type { RequestHeaders } from '../router/header-mutation.ts';
import type { HcmConfig } from './hcm-config.ts';

const INTERNAL_ONLY = [
  'x-envoy-internal',
  'x-envoy-decorator-operation',
  'x-envoy-downstream-service-cluster',
  'x-envoy-downstream-service-node',
  'x-envoy-expected-rq-timeout-ms',
  'x-envoy-force-trace',
  'x-envoy-ip-tags',
  'x-envoy-max-retries',
  'x-envoy-retry-grpc-on',
  'x-envoy-retry-on',
  'x-envoy-upstream-alt-stat-name',
  'x-envoy-upstream-rq-per-try-timeout-ms',
  'x-envoy-upstream-rq-timeout-alt-response',
  'x-envoy-upstream-rq-timeout-ms',
  'x-envoy-hedge-on-per-try-timeout',
];

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** Mutates `h` in place; returns whether the trusted client address is internal. */
export function decorateRequest(hcm: HcmConfig, conn: DownstreamConnection, h: RequestHeaders, scheme: string): boolean {
  const peer = conn.remoteIp;
  const xff = first(h['x-forwarded-for']);
  let internal: boolean;
  if (hcm.useRemoteAddress) {
    internal = conn.remoteInternal;
    if (!hcm.skipXffAppend) h['x-forwarded-for'] = xff ? `${xff},${peer}` : peer;
    h['x-forwarded-proto'] = scheme;
  } else {
    internal = xff ? isInternalAddress(xff.slice(xff.lastIndexOf(',') + 1).trim()) : conn.remoteInternal;
    if (h['x-forwarded-proto'] === undefined) h['x-forwarded-proto'] = scheme;
  }
  if (internal) h['x-envoy-internal'] = 'true';
  else {
    // Envoy's cleanInternalHeaders: an external client cannot steer the mesh with x-envoy-* headers.
    for (let i = 0; i < INTERNAL_ONLY.length; i++) if (h[INTERNAL_ONLY[i]] !== undefined) delete h[INTERNAL_ONLY[i]];
    if (hcm.useRemoteAddress) h['x-envoy-external-address'] = peer;
  }

  if (hcm.generateRequestId) {
    const rid = h['x-request-id'];
    if (rid === undefined || rid === '' || (!internal && hcm.useRemoteAddress && !hcm.preserveExternalRequestId)) h['x-request-id'] = newRequestId();
  }
  if (hcm.tracingSample !== undefined) startSpan(h, hcm.tracingSample);
  if (hcm.forwardClientCert !== 'FORWARD_ONLY' && hcm.forwardClientCert !== 'ALWAYS_FORWARD_ONLY') clientCert(hcm, conn, h);
  return internal;
}

/** Continues an incoming B3 trace with a child span, or starts one. */
function startSpan(h: RequestHeaders, rate: number): void {
  const trace = first(h['x-b3-traceid']);
  const parent = first(h['x-b3-spanid']);
  if (trace) {
    if (parent) h['x-b3-parentspanid'] = parent;
  } else {
    h['x-b3-traceid'] = newTraceId();
    delete h['x-b3-parentspanid'];
  }
  h['x-b3-spanid'] = newSpanId();
  if (h['x-b3-sampled'] === undefined) h['x-b3-sampled'] = sample(rate) ? '1' : '0';
}

function clientCert(hcm: HcmConfig, conn: DownstreamConnection, h: RequestHeaders): void {
  const mode = hcm.forwardClientCert;
  const presented = conn.tlsTerminated && conn.peerCertificatePresented();
  if (mode === 'SANITIZE' || !presented) {
    if (mode !== 'APPEND_FORWARD' && h['x-forwarded-client-cert'] !== undefined) delete h['x-forwarded-client-cert'];
    return;
  }
  const parts: string[] = [];
  const by = conn.localUriSan();
  if (by) parts.push(`By=${by}`);
  parts.push(`Hash=${conn.peerFingerprint256()}`);
  parts.push(`Subject="${conn.peerSubject()}"`);
  const uri = conn.peerUriSan();
  if (uri) parts.push(`URI=${uri}`);
  const value = parts.join(';');
  const existing = first(h['x-forwarded-client-cert']);
  h['x-forwarded-client-cert'] = mode === 'APPEND_FORWARD' && existing ? `${existing},${value}` : value;
}
