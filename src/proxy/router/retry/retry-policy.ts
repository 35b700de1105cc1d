/**
 * Envoy's route `RetryPolicy` compiled once per route: the retry_on flags, `numRetries` (Envoy's
 * default 1), the per-try timeout, retriable status codes and response headers, request headers
 * that must match for retries to apply, the back-off base and cap (25 ms and 10 × base), the
 * `previous_hosts` predicate and `hostSelectionRetryMaxAttempts` (default 1).
 */
import type { HeaderMatcher, RetryPolicy } from '../../../envoy/types.ts';
import { parseDuration } from '../../../common/duration.ts';
import { ConfigError } from '../../config/config-error.ts';
import { compileHeaderMatcher, type RequestPredicate } from '../header-matcher.ts';
import { parseRetryOn } from './retry-on.ts';

export const PREVIOUS_HOSTS = 'envoy.retry_host_predicates.previous_hosts';
export const DEFAULT_BASE_INTERVAL_MS = 25;

export interface CompiledRetryPolicy {
  readonly retryOn: number;
  readonly numRetries: number;
  readonly perTryTimeoutMs: number;
  readonly perTryIdleTimeoutMs: number;
  readonly retriableStatusCodes: readonly number[];
  readonly retriableHeaders: readonly RequestPredicate[];
  readonly retriableRequestHeaders: readonly RequestPredicate[];
  readonly baseIntervalMs: number;
  readonly maxIntervalMs: number;
  readonly avoidPreviousHosts: boolean;
  readonly hostSelectionMaxAttempts: number;
  /** retryOn tokens Envoy does not know (ignored; reported as warnings). */
  readonly unknownConditions: readonly string[];
}

function durationMs(d: string | undefined, dflt: number, what: string): number {
  if (d === undefined) return dflt;
  const v = parseDuration(d);
  if (v === undefined || v < 0) throw new ConfigError(`retryPolicy.${what} "${d}" is not a valid duration`);
  return v;
}

function matchers(list: HeaderMatcher[] | undefined): RequestPredicate[] {
  return (list ?? []).map((h) => compileHeaderMatcher(h));
}

export function compileRetryPolicy(p: RetryPolicy): CompiledRetryPolicy {
  const { flags, unknown } = parseRetryOn(p.retryOn);
  const numRetries = p.numRetries ?? 1;
  if (!Number.isInteger(numRetries) || numRetries < 0) throw new ConfigError(`retryPolicy.numRetries must be a non-negative integer (got ${numRetries})`);
  const base = durationMs(p.retryBackOff?.baseInterval, DEFAULT_BASE_INTERVAL_MS, 'retryBackOff.baseInterval');
  if (p.retryBackOff && base <= 0) throw new ConfigError('retryPolicy.retryBackOff.baseInterval must be greater than 0');
  const max = durationMs(p.retryBackOff?.maxInterval, base * 10, 'retryBackOff.maxInterval');
  if (max < base) throw new ConfigError('retryPolicy.retryBackOff.maxInterval must be greater than or equal to the baseInterval');
  const attempts = Number(p.hostSelectionRetryMaxAttempts ?? 1);
  if (!Number.isInteger(attempts) || attempts < 0) throw new ConfigError(`retryPolicy.hostSelectionRetryMaxAttempts must be a non-negative integer`);
  for (const code of p.retriableStatusCodes ?? []) if (!Number.isInteger(code) || code < 100 || code > 599) throw new ConfigError(`retryPolicy.retriableStatusCodes: ${code} is not an HTTP status`);
  return {
    retryOn: flags,
    numRetries,
    perTryTimeoutMs: durationMs(p.perTryTimeout, 0, 'perTryTimeout'),
    perTryIdleTimeoutMs: durationMs(p.perTryIdleTimeout, 0, 'perTryIdleTimeout'),
    retriableStatusCodes: p.retriableStatusCodes ?? [],
    retriableHeaders: matchers(p.retriableHeaders),
    retriableRequestHeaders: matchers(p.retriableRequestHeaders),
    baseIntervalMs: base,
    maxIntervalMs: max,
    avoidPreviousHosts: (p.retryHostPredicate ?? []).some((h) => h.name === PREVIOUS_HOSTS || h.typedConfig?.['@type']?.endsWith('.PreviousHostsPredicate')),
    hostSelectionMaxAttempts: attempts,
    unknownConditions: unknown,
  };
}
