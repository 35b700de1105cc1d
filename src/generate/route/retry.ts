/**
 * VirtualService `retries` → Envoy RetryPolicy (Istio's retry.ConvertPolicy). Unset means the
 * mesh default (`defaultHttpRetryPolicy`) or Istio's default policy: 2 retries on
 * `connect-failure,refused-stream,unavailable,cancelled,resource-exhausted,retriable-status-codes`
 * with 503 retriable, the previous-hosts predicate and 5 host selection attempts (as seed 001's
 * istioctl output shows). `attempts: 0` disables retries; integers in `retryOn` become
 * retriable status codes.
 */
import { parseDuration } from '../../common/duration.ts';
import { protoDuration } from '../duration.ts';
import type { RetryPolicy } from '../../envoy/types.ts';
import { FILTER, TYPE_URL } from '../../envoy/type-urls.ts';
import type { HTTPRetry } from '../../model/api-types.ts';

export const DEFAULT_RETRY_ON = 'connect-failure,refused-stream,unavailable,cancelled,resource-exhausted,retriable-status-codes';
export const DEFAULT_NUM_RETRIES = 2;

const previousHosts = (): NonNullable<RetryPolicy['retryHostPredicate']> => [{ name: FILTER.previousHosts, typedConfig: { '@type': TYPE_URL.previousHosts } }];

/** Istio's default outbound retry policy (a fresh object); without the previous-hosts predicate under consistent hashing. */
export function defaultRetryPolicy(consistentHash = false): RetryPolicy {
  const p: RetryPolicy = { retryOn: DEFAULT_RETRY_ON, numRetries: DEFAULT_NUM_RETRIES };
  if (!consistentHash) p.retryHostPredicate = previousHosts();
  p.hostSelectionRetryMaxAttempts = '5';
  p.retriableStatusCodes = [503];
  return p;
}

/** Shared read-only defaults, as Istio caches them: generated resources are never mutated. */
const SHARED_DEFAULT = Object.freeze(defaultRetryPolicy(false));
const SHARED_DEFAULT_HASH = Object.freeze(defaultRetryPolicy(true));

export function convertRetryPolicy(input: HTTPRetry | undefined, consistentHash = false): RetryPolicy | undefined {
  if (!input) return consistentHash ? SHARED_DEFAULT_HASH : SHARED_DEFAULT;
  if (!input.attempts || input.attempts <= 0) return undefined;
  const out = defaultRetryPolicy(consistentHash);
  out.numRetries = input.attempts;
  if (input.retryOn) {
    const { retryOn, codes } = parseRetryOn(input.retryOn);
    out.retryOn = codes.length > 0 && !retryOn.includes('retriable-status-codes') ? (retryOn ? `${retryOn},retriable-status-codes` : 'retriable-status-codes') : retryOn;
    out.retriableStatusCodes = codes.length > 0 ? codes : undefined;
    if (!out.retriableStatusCodes) delete out.retriableStatusCodes;
  }
  const perTry = input.perTryTimeout ? parseDuration(input.perTryTimeout) : undefined;
  if (perTry !== undefined) out.perTryTimeout = protoDuration(perTry);
  if (input.retryIgnorePreviousHosts !== undefined) {
    if (input.retryIgnorePreviousHosts) out.retryHostPredicate = previousHosts();
    else delete out.retryHostPredicate;
  }
  const backoff = input.backoff ? parseDuration(input.backoff) : undefined;
  if (backoff !== undefined) out.retryBackOff = { baseInterval: protoDuration(backoff) };
  return reorder(out);
}

/** Keeps the field order of Istio's output (retryOn, numRetries, perTryTimeout, predicate, ...). */
function reorder(p: RetryPolicy): RetryPolicy {
  const keys: (keyof RetryPolicy)[] = ['retryOn', 'numRetries', 'perTryTimeout', 'retryHostPredicate', 'hostSelectionRetryMaxAttempts', 'retriableStatusCodes', 'retryBackOff'];
  const out: RetryPolicy = {};
  for (const k of keys) if (p[k] !== undefined) (out as Record<string, unknown>)[k] = p[k];
  return out;
}

/** Splits Istio's retryOn into Envoy conditions and HTTP status codes. */
export function parseRetryOn(text: string): { retryOn: string; codes: number[] } {
  const codes: number[] = [];
  const conds: string[] = [];
  for (const part of text.split(',')) {
    const t = part.trim();
    if (!t) continue;
    if (/^\d+$/.test(t) && Number(t) >= 100 && Number(t) <= 599) codes.push(Number(t));
    else conds.push(t);
  }
  return { retryOn: conds.join(','), codes };
}
