/**
 * The router's side of a retry decision (Envoy's Filter::onUpstreamHeaders / maybeRetryReset):
 * a retriable response or reset creates the request's RetryState on first need (the happy path
 * allocates nothing), records the failed attempt's host for `previous_hosts`, and asks whether a
 * retry may happen — 'yes' (with a back-off drawn), 'no', 'limit_exceeded' (URX) or 'overflow'
 * (the cluster's maxRetries breaker: UO).
 */
import type { ActiveStream } from '../http/active-stream.ts';
import type { Host } from '../upstream/host.ts';
import { RetryState, wouldRetryResponse, type ResetKind, type RetryStatus } from './retry/retry-state.ts';
import type { UpstreamRequest } from './upstream-request.ts';

export type RetryVerdict = RetryStatus;

function stateOf(s: ActiveStream, a: UpstreamRequest): RetryState<Host> {
  if (!s.retry) s.retry = new RetryState<Host>(s.route!.retry!, s, a.cluster.resources.retries, a.cluster.stats, s.hcm.services.options.random);
  return s.retry;
}

function decide(st: RetryState<Host>, a: UpstreamRequest, would: boolean): RetryVerdict {
  const verdict = st.shouldRetry(would);
  if (verdict === 'yes') st.onHostAttempted(a.host);
  return verdict;
}

/** Upstream response headers arrived: retry them? */
export function decideOnHeaders(s: ActiveStream, a: UpstreamRequest, status: number, headers: readonly string[]): RetryVerdict {
  const policy = s.route!.retry!;
  if (!s.retry) {
    // Nothing retriable and no retry so far: no state needed.
    if (!wouldRetryResponse(policy, policy.retryOn, status, headers)) return 'no';
  }
  const st = stateOf(s, a);
  return decide(st, a, st.wouldRetryFromHeaders(status, headers));
}

/** The attempt failed without a response (connect failure, reset, per-try timeout): retry it? */
export function decideOnReset(s: ActiveStream, a: UpstreamRequest, kind: ResetKind, requestStarted: boolean): RetryVerdict {
  if (!s.route?.retry) return 'no';
  const st = stateOf(s, a);
  return decide(st, a, st.wouldRetryFromReset(kind, requestStarted));
}
