/**
 * One request's retry state (Envoy's RetryStateImpl): decides from a response (status, retriable
 * headers, gRPC status of a trailers-only response) or from a reset (connect failure, refused
 * stream, reset before or after the request started, per-try timeout) whether the policy asks for a
 * retry; then whether one is allowed — retries left (else `limit_exceeded`: flag URX) and the
 * cluster's `maxRetries` circuit breaker (else `overflow`: flag UO) — counting Envoy's
 * upstream_rq_retry* stats, and draws the jittered back-off. It remembers attempted hosts for the
 * `previous_hosts` predicate.
 */
import type { RandomSource } from '../../common/random.ts';
import type { Resource } from '../../upstream/circuit-breaker.ts';
import type { MatchRequest } from '../match-request.ts';
import { JitteredBackOff } from './backoff.ts';
import { GRPC_ANY, GRPC_RETRY_ON, RETRY_ON } from './retry-on.ts';
import type { CompiledRetryPolicy } from './retry-policy.ts';

export type RetryStatus = 'yes' | 'no' | 'limit_exceeded' | 'overflow';

/** How an attempt ended without a usable response. */
export type ResetKind = 'connect_failure' | 'refused_stream' | 'reset' | 'overflow';

/** The cluster counters a retry decision bumps (Envoy's names). */
export interface RetryCounters {
  upstream_rq_retry: number;
  upstream_rq_retry_success: number;
  upstream_rq_retry_limit_exceeded: number;
  upstream_rq_retry_overflow: number;
  upstream_rq_retry_backoff_exponential: number;
}

const GATEWAY = (s: number): boolean => s === 502 || s === 503 || s === 504;

function flatHeader(headers: readonly string[], name: string): string | undefined {
  for (let i = 0; i < headers.length; i += 2) if (headers[i] === name) return headers[i + 1];
  return undefined;
}

/**
 * Whether `retryOn` (the policy's flags, or fewer after the request-header check) asks to retry a
 * response with `status` and flat lower-case `headers`. Allocation-free for the common case.
 */
export function wouldRetryResponse(policy: CompiledRetryPolicy, retryOn: number, status: number, headers: readonly string[]): boolean {
  const on = retryOn;
  if (on === 0) return false;
  // One pass over the headers for the two this decision reads.
  let rateLimited = false;
  let grpcStatus: string | undefined;
  for (let i = 0; i < headers.length; i += 2) {
    const k = headers[i];
    if (k === 'grpc-status') grpcStatus = headers[i + 1];
    else if (k === 'x-envoy-ratelimited') rateLimited = true;
  }
  if (rateLimited) return (on & RETRY_ON['envoy-ratelimited']) !== 0;
  if (on & RETRY_ON['5xx'] && status >= 500 && status <= 599) return true;
  if (on & RETRY_ON['gateway-error'] && GATEWAY(status)) return true;
  if (on & RETRY_ON['retriable-4xx'] && status === 409) return true;
  if (on & RETRY_ON['retriable-status-codes'] && policy.retriableStatusCodes.includes(status)) return true;
  if (on & RETRY_ON['retriable-headers'] && policy.retriableHeaders.length > 0) {
    const view = responseView(status, headers);
    if (policy.retriableHeaders.some((m) => m(view))) return true;
  }
  if (on & GRPC_ANY && grpcStatus !== undefined && /^\d+$/.test(grpcStatus) && (on & (GRPC_RETRY_ON[Number(grpcStatus)] ?? 0)) !== 0) return true;
  return false;
}

export class RetryState<H> {
  retriesRemaining: number;
  readonly retryOn: number;
  /** The back-off before the retry just allowed (ms). */
  backoffMs = 0;
  private holdsRetry = false;
  private attempted: H[] | undefined;
  private readonly backoff: JitteredBackOff;

  constructor(
    readonly policy: CompiledRetryPolicy,
    request: MatchRequest | undefined,
    private readonly retries: Resource,
    private readonly stats: RetryCounters,
    random: RandomSource,
  ) {
    this.retriesRemaining = policy.numRetries;
    let on = policy.retryOn;
    if (on !== 0 && policy.retriableRequestHeaders.length > 0 && !(request && policy.retriableRequestHeaders.some((m) => m(request)))) on = 0;
    this.retryOn = on;
    this.backoff = new JitteredBackOff(policy.baseIntervalMs, policy.maxIntervalMs, random);
  }

  get enabled(): boolean {
    return this.retryOn !== 0;
  }

  /** A response with `status` and flat lower-case `headers` is retriable under this request's policy. */
  wouldRetryFromHeaders(status: number, headers: readonly string[]): boolean {
    return wouldRetryResponse(this.policy, this.retryOn, status, headers);
  }

  /** `requestStarted`: request bytes went upstream (a per-try timeout always counts as started). */
  wouldRetryFromReset(kind: ResetKind, requestStarted: boolean): boolean {
    const on = this.retryOn;
    if (kind === 'overflow') return false;
    if (kind === 'connect_failure' && on & RETRY_ON['connect-failure']) return true;
    if (on & RETRY_ON['reset-before-request'] && !requestStarted) return true;
    if (on & RETRY_ON.reset) return true;
    if (on & (RETRY_ON['5xx'] | RETRY_ON['gateway-error'])) return true;
    return kind === 'refused_stream' && (on & RETRY_ON['refused-stream']) !== 0;
  }

  /** Whether the retry the policy wants may happen; on 'yes' `backoffMs` holds the delay. */
  shouldRetry(wouldRetry: boolean): RetryStatus {
    if (this.holdsRetry && !wouldRetry) this.stats.upstream_rq_retry_success++;
    this.release();
    if (!wouldRetry) return 'no';
    if (this.retriesRemaining === 0) {
      this.stats.upstream_rq_retry_limit_exceeded++;
      return 'limit_exceeded';
    }
    this.retriesRemaining--;
    if (!this.retries.canCreate()) {
      this.stats.upstream_rq_retry_overflow++;
      return 'overflow';
    }
    this.retries.inc();
    this.holdsRetry = true;
    this.stats.upstream_rq_retry++;
    this.stats.upstream_rq_retry_backoff_exponential++;
    this.backoffMs = this.backoff.nextBackOffMs();
    return 'yes';
  }

  /** A response ended the request: count a success after retries and give the retry slot back. */
  onFinalResponse(): void {
    this.shouldRetry(false);
  }

  /** Gives back the cluster's retry slot (the request ended or its retry resolved). */
  release(): void {
    if (this.holdsRetry) {
      this.retries.dec();
      this.holdsRetry = false;
    }
  }

  onHostAttempted(host: H): void {
    if (this.policy.avoidPreviousHosts) (this.attempted ??= []).push(host);
  }

  /** The `previous_hosts` predicate. */
  shouldSelectAnotherHost(host: H): boolean {
    return this.attempted !== undefined && this.attempted.includes(host);
  }

  get hostSelectionMaxAttempts(): number {
    return this.policy.hostSelectionMaxAttempts;
  }
}

function responseView(status: number, headers: readonly string[]): MatchRequest {
  return { path: '', pathOnly: () => '', header: (n) => (n === ':status' ? String(status) : flatHeader(headers, n)), queryParam: () => undefined, tlsPresented: false, tlsValidated: false };
}
