/**
 * The router (Envoy's router filter logic): from the selected route to a response — direct
 * responses and redirects, cluster choice (single, weighted, header), request rewriting and
 * header mutations, host selection, attempts with retries and the route timeout, and the local
 * replies with Envoy's response flags (NR, NC, UH, UF, UC, UR, UT, URX, UPE).
 */
import { FLAG } from '../access-log/response-flags.ts';
import type { ActiveStream } from '../http/active-stream.ts';
import { monotonicMs } from '../common/clock.ts';
import type { ResetReason, UpstreamRequestHead } from '../upstream/upstream-stream.ts';
import { applyRequestMutations } from './header-mutation.ts';
import type { RouteEntry, WeightedTarget } from './route-entry.ts';
import { retriableStatus } from './retry-policy.ts';
import { UpstreamRequest } from './upstream-request.ts';
import { startTunnel } from '../http/tunnel.ts';

const heads = new WeakMap<ActiveStream, UpstreamRequestHead>();

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
  heads.set(s, head);
  s.retriesLeft = route.retry?.numRetries ?? 0;
  if (route.timeoutMs > 0) s.timer = setTimeout(onRouteTimeout, route.timeoutMs, s);
  startAttempt(s);
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
  if (route.timeoutMs > 0) h['x-envoy-expected-rq-timeout-ms'] = String(route.timeoutMs);
  let contentLength = 0;
  if (s.requestHasBody) {
    const cl = h['content-length'];
    contentLength = typeof cl === 'string' && h['transfer-encoding'] === undefined ? Number(cl) : -1;
    if (!(contentLength >= 0)) contentLength = -1;
  }
  return { method: s.method, path: s.path, authority: s.authority, scheme: 'http', headers: h, contentLength };
}

function startAttempt(s: ActiveStream): void {
  if (s.downstreamClosed || s.responseStarted) return;
  const cluster = s.cluster!;
  const host = cluster.chooseHost(s.previousHosts ? { previousHosts: s.previousHosts } : undefined);
  if (!host) {
    finishRouting(s);
    s.sendLocalReply(503, 'no healthy upstream', 'no_healthy_upstream', FLAG.UH);
    return;
  }
  s.host = host;
  s.upstreamHost = host.addressText;
  s.attemptCount++;
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

export function onAttemptReady(s: ActiveStream, a: UpstreamRequest): void {
  if (s.downstreamClosed || s.attempt !== a) {
    a.cancel();
    return;
  }
  const up = a.upstream!;
  s.upstreamLocalAddress = up.localAddress;
  const head = heads.get(s)!;
  head.scheme = a.host.tls ? 'https' : 'http';
  if (s.route?.autoHostRewrite) head.authority = a.host.spec.hostname;
  up.sendHeaders(head, !s.requestHasBody);
  if (s.requestHasBody && !s.bodyStarted) s.startRequestBody();
}

export function onUpstreamHeaders(s: ActiveStream, a: UpstreamRequest, status: number, headers: string[], endStream: boolean): void {
  s.upstreamServiceTimeMs = Math.round(monotonicMs() - a.startMono);
  const policy = s.route?.retry;
  if (policy && retriableStatus(policy, status) && !s.bodyStarted) {
    if (s.retriesLeft > 0) {
      a.cancel();
      scheduleRetry(s, a);
      return;
    }
    if (s.attemptCount > 1) s.responseFlags |= FLAG.URX;
  }
  a.cluster.stats.recordResponse(status);
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
  if (!s.responseStarted) {
    // A keep-alive connection the upstream had already closed: try a fresh one, once per request.
    const up = a.upstream;
    if (up && up.reused && up.protocol === 'HTTP/1.1' && !s.staleRetried && !a.headersReceived && !s.bodyStarted && (reason === 'connection_termination' || reason === 'remote_reset')) {
      s.staleRetried = true;
      startAttempt(s);
      return;
    }
    if (canRetry(s, reason, details)) {
      scheduleRetry(s, a);
      return;
    }
    finishRouting(s);
    let flags = RESET_FLAG[reason];
    if (s.attemptCount > 1 && s.route?.retry) flags |= FLAG.URX;
    if (reason === 'connection_failure') s.upstreamTransportFailureReason = details;
    const text = `upstream connect error or disconnect/reset before headers. reset reason: ${RESET_TEXT[reason]}${reason === 'connection_failure' && details ? `, transport failure reason: ${details}` : ''}`;
    s.sendLocalReply(503, text, `upstream_reset_before_response_started{${reason}${reason === 'connection_failure' && details ? ',' + details : ''}}`, flags);
    return;
  }
  finishRouting(s);
  s.responseFlags |= RESET_FLAG[reason];
  s.responseCodeDetails = `upstream_reset_after_response_started{${reason}}`;
  s.resetDownstream();
}

function canRetry(s: ActiveStream, reason: ResetReason, details: string): boolean {
  const p = s.route?.retry;
  if (!p || s.retriesLeft <= 0 || s.bodyStarted) return false;
  if (reason === 'connection_failure') return p.connectFailure;
  if (details === 'refused_stream') return p.refusedStream;
  if (reason === 'remote_reset' || reason === 'connection_termination') return p.reset;
  return false;
}

function scheduleRetry(s: ActiveStream, a: UpstreamRequest): void {
  s.retriesLeft--;
  a.cluster.stats.upstream_rq_retry++;
  if (s.route?.retry?.avoidPreviousHosts) (s.previousHosts ??= []).push(a.host);
  const n = s.attemptCount;
  const backoff = Math.random() * 25 * (2 ** Math.min(n, 8) - 1);
  s.attempt = undefined;
  setTimeout(startAttempt, Math.min(backoff, 250), s);
}

function onRouteTimeout(s: ActiveStream): void {
  s.timer = undefined;
  const a = s.attempt;
  if (a) {
    a.cluster.stats.upstream_rq_timeout++;
    a.cancel();
  }
  s.attempt = undefined;
  if (!s.responseStarted) s.sendLocalReply(504, 'upstream request timeout', 'upstream_response_timeout', FLAG.UT);
  else {
    s.responseFlags |= FLAG.UT;
    s.resetDownstream();
  }
}

function onPerTryTimeout(a: UpstreamRequest): void {
  const s = a.stream;
  if (a.done || s.attempt !== a) return;
  a.cluster.stats.upstream_rq_timeout++;
  a.cancel();
  if (!s.responseStarted && s.retriesLeft > 0 && !s.bodyStarted) {
    scheduleRetry(s, a);
    return;
  }
  finishRouting(s);
  if (!s.responseStarted) s.sendLocalReply(504, 'upstream request timeout', 'upstream_per_try_timeout', FLAG.UT);
  else s.resetDownstream();
}

function finishRouting(s: ActiveStream): void {
  if (s.timer) {
    clearTimeout(s.timer);
    s.timer = undefined;
  }
}

/** The downstream went away (or the response completed): stop any upstream work. */
export function onDownstreamGone(s: ActiveStream): void {
  finishRouting(s);
  const a = s.attempt;
  if (a && !a.done) {
    a.cancel();
  }
}
