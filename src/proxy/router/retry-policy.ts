/**
 * Envoy's `RetryPolicy` compiled for the router: which failures are retried (`retry_on`), how many
 * times, the per-try timeout, retriable status codes, and whether previously tried hosts are
 * avoided. The router retries only when no request body has been streamed (a seam for buffering).
 */
import type { RetryPolicy } from '../../envoy/types.ts';
import { parseDuration } from '../../common/duration.ts';
import { ConfigError } from '../config/config-error.ts';

export interface CompiledRetryPolicy {
  numRetries: number;
  perTryTimeoutMs: number;
  connectFailure: boolean;
  refusedStream: boolean;
  reset: boolean;
  fiveXx: boolean;
  gatewayError: boolean;
  retriableStatusCodes: Set<number>;
  avoidPreviousHosts: boolean;
  hostSelectionMaxAttempts: number;
}

const KNOWN = new Set(['5xx', 'gateway-error', 'reset', 'reset-before-request', 'connect-failure', 'envoy-ratelimited', 'retriable-4xx', 'refused-stream', 'retriable-status-codes', 'retriable-headers', 'http3-post-connect-failure', 'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable']);

export function compileRetryPolicy(p: RetryPolicy | undefined): CompiledRetryPolicy | undefined {
  if (!p) return undefined;
  const on = new Set((p.retryOn ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  for (const o of on) if (!KNOWN.has(o)) throw new ConfigError(`unknown retryOn condition "${o}"`);
  const perTry = p.perTryTimeout !== undefined ? parseDuration(p.perTryTimeout) : 0;
  if (perTry === undefined) throw new ConfigError(`perTryTimeout "${p.perTryTimeout}" is not a valid duration`);
  return {
    numRetries: p.numRetries ?? 1,
    perTryTimeoutMs: perTry,
    connectFailure: on.has('connect-failure') || on.has('5xx') || on.has('gateway-error') || on.has('reset'),
    refusedStream: on.has('refused-stream') || on.has('5xx') || on.has('reset'),
    reset: on.has('reset') || on.has('5xx') || on.has('reset-before-request'),
    fiveXx: on.has('5xx'),
    gatewayError: on.has('gateway-error'),
    retriableStatusCodes: new Set(on.has('retriable-status-codes') ? (p.retriableStatusCodes ?? []) : []),
    avoidPreviousHosts: (p.retryHostPredicate ?? []).some((h) => h.name === 'envoy.retry_host_predicates.previous_hosts'),
    hostSelectionMaxAttempts: Number(p.hostSelectionRetryMaxAttempts ?? 1),
  };
}

/** Whether a response status should be retried under `p`. */
export function retriableStatus(p: CompiledRetryPolicy, status: number): boolean {
  if (p.retriableStatusCodes.has(status)) return true;
  if (p.fiveXx && status >= 500) return true;
  return p.gatewayError && (status === 502 || status === 503 || status === 504);
}
