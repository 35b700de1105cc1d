/**
 * The router (Envoy's router filter logic): from the selected route to a response — direct
 * responses and redirects, cluster choice (single, weighted, header), request rewriting and
 * header mutations, the request hash for consistent-hash clusters, host selection, attempts with
 * Envoy's retry semantics (retry-decision.ts), per-try and route timeouts, outlier detection
 * reporting, request mirrors, and the local replies with Envoy's response flags (NR, NC, UH, UF,
 * UC, UR, UO, UT, URX, UPE).
 */
import net from 'node:net';
import { FLAG } from '../access-log/response-flags.ts';
import { monotonicMs } from '../common/clock.ts';
import { splitHostPort } from '../common/ip.ts';
import { sampleFraction } from '../common/random.ts';
import type { ActiveStream } from '../http/active-stream.ts';
import { startTunnel } from '../http/tunnel.ts';
import type { Host } from '../upstream/host.ts';
import { isHashingPolicy } from '../upstream/lb/lb-config.ts';
import type { ResetReason, UpstreamRequestHead } from '../upstream/upstream-stream.ts';
import { generatedCookieValue, makeSetCookieValue } from './hash-policy.ts';
import { applyRequestMutations } from './header-mutation.ts';
import { decideOnHeaders, decideOnReset, type RetryVerdict } from './retry-decision.ts';
import { DEFAULT_BUFFER_LIMIT, RequestBuffer } from './retry/request-buffer.ts';
import type { RouteEntry, WeightedTarget } from './route-entry.ts';
import { RouterLbContext } from './router-lb-context.ts';
import { ShadowRequest } from './shadow-request.ts';
import { UpstreamRequest } from './upstream-request.ts';

const RESET_FLAG: Record<ResetReason, number> = {
  connection_failure: FLAG.UF,
  connection_termination: FLAG.UC,
  remote_reset: FLAG.UR,
  local_reset: FLAG.LR,
  overflow: FLAG.UO,
  protocol_error: FLAG.UPE,
};

const RESET_TEXT: Record<ResetReason, string> = {
  connection_failure: 'connection failure',
  connection_termination: 'connection termination',
  remote_reset: 'remote reset',
  local_reset: 'local reset',
  overflow: 'overflow',
  protocol_error: 'protocol error',
};

export function forwardUpstream(s: ActiveStream): void {
  const route = s.route;
  if (!route) {
    s.sendLocalReply(404, '', 'route_not_found', FLAG.NR);
    return;
  }
  if (route.kind === 'direct') {
    s.responseCodeDetails = 'direct_response';
    s.writeLocal(route.directStatus, route.directBody, undefined, true);
    return;
  }
  if (route.kind === 'redirect') {
    const location = route.redirect!.location(s.scheme, s.authority, s.path, route.matchedPrefix);
    s.sendLocalReply(route.redirect!.status, '', 'direct_response', 0, ['location', location], true);
    return;
  }
  let target: WeightedTarget | undefined;
  let clusterName: string;
  if (route.weighted) {
    target = route.pickWeighted();
    clusterName = target.name;
    s.targetResponseMutations = target.responseMutations;
  } else if (route.clusterHeader) clusterName = s.header(route.clusterHeader) ?? '';
  else clusterName = route.cluster;
  s.upstreamCluster = clusterName;
  const cluster = s.hcm.services.clusters.get(clusterName);
  if (!cluster) {
    s.sendLocalReply(route.clusterNotFoundStatus, '', 'cluster_not_found', FLAG.NC);
    return;
  }
  s.cluster = cluster;
  const head = buildHead(s, route, target);
  if (s.upgrade) {
    startTunnel(s, head);
    return;
  }
  s.upstreamHead = head;
  if (route.hashPolicy && isHashingPolicy(cluster.spec.lbConfig.policy)) s.hashKey = requestHash(s, route);
  if (route.shadows.length > 0) sampleShadows(s, route);
  if (s.requestHasBody && (route.retry || s.shadows)) s.requestBuffer = new RequestBuffer(DEFAULT_BUFFER_LIMIT);
  if (route.timeoutMs > 0) s.timer = setTimeout(onRouteTimeout, route.timeoutMs, s);
  startAttempt(s);
  if (s.requestComplete) onRequestComplete(s);
}

function buildHead(s: ActiveStream, route: RouteEntry, target: WeightedTarget | undefined): UpstreamRequestHead {
  const h = s.headers;
  const rewritten = route.rewritePath(s.path);
  if (rewritten !== undefined) {
    h['x-envoy-original-path'] = s.path;
    s.path = rewritten;
  }
  const host = target?.hostRewrite ?? route.hostRewrite;
  if (host !== undefined) s.authority = host;
  if (target) applyRequestMutations(target.requestMutations, h, s);
  applyRequestMutations(route.requestMutations, h, s);
  const perTry = route.retry?.perTryTimeoutMs ?? 0;
  const expected = perTry > 0 && (route.timeoutMs === 0 || perTry < route.timeoutMs) ? perTry : route.timeoutMs;
  if (expected > 0) h['x-envoy-expected-rq-timeout-ms'] = String(expected);
  let contentLength = 0;
  if (s.requestHasBody) {
    const cl = h['content-length'];
    contentLength = typeof cl === 'string' && h['transfer-encoding'] === undefined ? Number(cl) : -1;
    if (!(contentLength >= 0)) contentLength = -1;
  }
  return { method: s.method, path: s.path, authority: s.authority, scheme: 'http', headers: h, contentLength };
}

/** The route's hash; a cookie policy may create its cookie (returned as `set-cookie` upstream-side). */
function requestHash(s: ActiveStream, route: RouteEntry): bigint | undefined {
  const req = { header: (n: string) => s.header(n), queryParam: (n: string) => s.queryParam(n), sourceIp: s.downstream.remoteIp };
  return route.hashPolicy!.generateHash(req, (name, path, ttl) => {
    const value = generatedCookieValue(s.downstream.remoteAddressText, s.downstream.localAddressText);
    (s.setCookies ??= []).push(makeSetCookieValue(name, value, path, ttl));
    return value;
  });
}

function sampleShadows(s: ActiveStream, route: RouteEntry): void {
  const random = s.hcm.services.options.random;
  for (const shadow of route.shadows) if (sampleFraction(random, shadow.fraction)) (s.shadows ??= []).push(shadow);
}

/** The downstream request is complete: send the sampled mirrors (with the buffered body). */
export function onRequestComplete(s: ActiveStream): void {
  const shadows = s.shadows;
  if (!shadows || s.retryAbandoned) return;
  s.shadows = undefined;
  const head = s.upstreamHead;
  if (!head) return;
  for (const shadow of shadows) {
    const cluster = s.hcm.services.clusters.get(shadow.cluster);
    if (!cluster) continue;
    ShadowRequest.send(cluster, { method: s.method, path: head.path, authority: head.authority, headers: head.headers, body: s.requestBuffer?.data ?? [], timeoutMs: s.route?.timeoutMs ?? 0, downstreamHttp2: s.isH2 });
  }
}

/** The request body outgrew the buffer: no retry or mirror for it (Envoy's retry_or_shadow_abandoned). */
export function onRequestBufferOverflow(s: ActiveStream): void {
  if (s.retryAbandoned) return;
  s.retryAbandoned = true;
  s.shadows = undefined;
  s.retry?.release();
  if (s.cluster) s.cluster.stats.retry_or_shadow_abandoned++;
  if (!s.attempt && s.retryTimer) {
    clearTimeout(s.retryTimer);
    s.retryTimer = undefined;
    finishRouting(s);
    s.sendLocalReply(507, 'exceeded request buffer limit while retrying upstream', 'request_payload_exceeded_retry_buffer_limit');
  }
}

function startAttempt(s: ActiveStream): void {
  s.retryTimer = undefined;
  if (s.downstreamClosed || s.responseStarted) return;
  const cluster = s.cluster!;
  const host = cluster.spec.type === 'ORIGINAL_DST' ? originalDestination(s) : cluster.chooseHost(s.hashKey !== undefined || s.retry ? new RouterLbContext(s.hashKey, s.retry) : undefined);
  if (!host) {
    finishRouting(s);
    s.sendLocalReply(503, 'no healthy upstream', 'no_healthy_upstream', FLAG.UH);
    return;
  }
  s.host = host;
  s.upstreamHost = host.addressText;
  s.attemptCount++;
  if (s.vhost?.includeRequestAttemptCount) s.upstreamHead!.headers['x-envoy-attempt-count'] = String(s.attemptCount);
  cluster.stats.upstream_rq_total++;
  cluster.stats.upstream_rq_active++;
  host.rqActive++;
  host.rqTotal++;
  const attempt = new UpstreamRequest(s, cluster, host, cluster.pool(host, s.isH2));
  s.attempt = attempt;
  const perTry = s.route?.retry?.perTryTimeoutMs ?? 0;
  if (perTry > 0) attempt.perTryTimer = setTimeout(onPerTryTimeout, perTry, attempt);
  attempt.pool.newStream(attempt);
}

/**
 * The destination of an ORIGINAL_DST cluster: `x-envoy-original-dst-host` (an `ip:port`) when the
 * cluster uses the HTTP header, else the address the downstream connection was made to.
 */
function originalDestination(s: ActiveStream): Host | undefined {
  const cluster = s.cluster!;
  if (cluster.spec.originalDstUseHeader) {
    const v = s.header('x-envoy-original-dst-host');
    if (!v) return undefined;
    const { host, port } = splitHostPort(v);
    const ip = host.replace(/^\[|\]$/g, '');
    const n = Number(port);
    if (net.isIP(ip) === 0 || !Number.isInteger(n) || n <= 0 || n > 65535) return undefined;
    return cluster.originalDestination(ip, n);
  }
  return cluster.originalDestination(s.downstream.localIp, s.downstream.localPort);
}

export function onAttemptReady(s: ActiveStream, a: UpstreamRequest): void {
  if (s.downstreamClosed || s.attempt !== a) {
    a.cancel();
    return;
  }
  const up = a.upstream!;
  s.upstreamLocalAddress = up.localAddress;
  const outlier = a.cluster.outlier;
  if (outlier?.config.splitExternalLocalOriginErrors) outlier.putResult(a.host, 'local_origin_connect_success');
  const head = s.upstreamHead!;
  head.scheme = a.host.tls ? 'https' : 'http';
  if (s.route?.autoHostRewrite) head.authority = a.host.spec.hostname;
  up.sendHeaders(head, !s.requestHasBody);
  if (!s.requestHasBody) return;
  if (!s.bodyStarted) {
    s.startRequestBody();
    return;
  }
  // A retry: replay what arrived so far; the rest streams in as it comes.
  for (const chunk of s.requestBuffer?.data ?? []) up.sendData(chunk);
  if (s.requestComplete) up.sendEnd();
  else s.req.resumeBody();
}

export function onUpstreamHeaders(s: ActiveStream, a: UpstreamRequest, status: number, headers: string[], endStream: boolean): void {
  s.upstreamServiceTimeMs = Math.round(monotonicMs() - a.startMono);
  a.cluster.outlier?.putHttpResponseCode(a.host, status);
  if (s.route?.retry && !s.retryAbandoned) {
    const verdict = decideOnHeaders(s, a, status, headers);
    if (verdict === 'yes') {
      a.cancel();
      scheduleRetry(s);
      return;
    }
    noteVerdict(s, verdict);
  }
  a.cluster.stats.recordResponse(status);
  if (s.setCookies) for (const c of s.setCookies) headers.push('set-cookie', c);
  if (s.vhost?.includeAttemptCountInResponse) headers.push('x-envoy-attempt-count', String(s.attemptCount));
  s.responseCodeDetails = 'via_upstream';
  s.encodeHeaders(status, headers, endStream, true);
}

export function onUpstreamEnd(s: ActiveStream, _a: UpstreamRequest, trailers: string[] | undefined): void {
  finishRouting(s);
  s.endResponse(trailers);
}

export function onAttemptFailed(s: ActiveStream, a: UpstreamRequest, reason: ResetReason, details: string): void {
  if (s.attempt !== a || s.downstreamClosed) return;
  const stats = a.cluster.stats;
  if (reason === 'remote_reset' || reason === 'connection_termination') stats.upstream_rq_rx_reset++;
  if (reason !== 'overflow' && reason !== 'local_reset') a.cluster.outlier?.putResult(a.host, 'local_origin_connect_failed');
  if (!s.responseStarted) {
    // A keep-alive connection the upstream had already closed: try a fresh one, once per request.
    const up = a.upstream;
    if (up && up.reused && up.protocol === 'HTTP/1.1' && !s.staleRetried && !a.headersReceived && !s.bodyStarted && (reason === 'connection_termination' || reason === 'remote_reset')) {
      s.staleRetried = true;
      startAttempt(s);
      return;
    }
    if (s.route?.retry && !s.retryAbandoned && reason !== 'overflow') {
      const verdict = decideOnReset(s, a, reason === 'connection_failure' ? 'connect_failure' : details === 'refused_stream' ? 'refused_stream' : 'reset', a.requestStarted);
      if (verdict === 'yes') {
        scheduleRetry(s);
        return;
      }
      noteVerdict(s, verdict);
    }
    finishRouting(s);
    if (reason === 'connection_failure') s.upstreamTransportFailureReason = details;
    const text = `upstream connect error or disconnect/reset before headers. reset reason: ${RESET_TEXT[reason]}${reason === 'connection_failure' && details ? `, transport failure reason: ${details}` : ''}`;
    const extra = reason === 'overflow' ? ['x-envoy-overloaded', 'true'] : undefined;
    s.sendLocalReply(503, text, `upstream_reset_before_response_started{${reason}${reason === 'connection_failure' && details ? ',' + details : ''}}`, RESET_FLAG[reason], extra);
    return;
  }
  finishRouting(s);
  s.responseFlags |= RESET_FLAG[reason];
  s.responseCodeDetails = `upstream_reset_after_response_started{${reason}}`;
  s.resetDownstream();
}

/** A retry was not allowed: the limit (URX) or the cluster's maxRetries breaker (UO). */
function noteVerdict(s: ActiveStream, verdict: RetryVerdict): void {
  if (verdict === 'limit_exceeded') s.responseFlags |= FLAG.URX;
  else if (verdict === 'overflow') s.responseFlags |= FLAG.UO;
}

function scheduleRetry(s: ActiveStream): void {
  s.attempt = undefined;
  s.retryTimer = setTimeout(startAttempt, s.retry!.backoffMs, s);
}

function onRouteTimeout(s: ActiveStream): void {
  s.timer = undefined;
  const a = s.attempt;
  const cluster = a?.cluster ?? s.cluster;
  if (cluster) cluster.stats.upstream_rq_timeout++;
  if (a && !a.done) {
    a.cluster.outlier?.putResult(a.host, 'local_origin_timeout', 504);
    a.cancel();
  }
  s.attempt = undefined;
  clearRetry(s);
  if (!s.responseStarted) s.sendLocalReply(504, 'upstream request timeout', 'upstream_response_timeout', FLAG.UT);
  else {
    s.responseFlags |= FLAG.UT;
    s.resetDownstream();
  }
}

function onPerTryTimeout(a: UpstreamRequest): void {
  const s = a.stream;
  if (a.done || s.attempt !== a) return;
  a.cluster.stats.upstream_rq_per_try_timeout++;
  a.cluster.outlier?.putResult(a.host, 'local_origin_timeout', 504);
  a.cancel();
  if (!s.responseStarted && !s.retryAbandoned) {
    const verdict = decideOnReset(s, a, 'reset', true);
    if (verdict === 'yes') {
      scheduleRetry(s);
      return;
    }
    noteVerdict(s, verdict);
  }
  finishRouting(s);
  if (!s.responseStarted) s.sendLocalReply(504, 'upstream request timeout', 'upstream_per_try_timeout', FLAG.UT);
  else s.resetDownstream();
}

function clearRetry(s: ActiveStream): void {
  if (s.retryTimer) {
    clearTimeout(s.retryTimer);
    s.retryTimer = undefined;
  }
}

function finishRouting(s: ActiveStream): void {
  if (s.timer) {
    clearTimeout(s.timer);
    s.timer = undefined;
  }
  clearRetry(s);
  s.retry?.release();
}

/** The downstream went away (or the response completed): stop any upstream work. */
export function onDownstreamGone(s: ActiveStream): void {
  finishRouting(s);
  const a = s.attempt;
  if (a && !a.done) {
    a.cancel();
  }
}
