/**
 * Time on the request path: a monotonic millisecond clock for durations and a per-second cached
 * RFC 7231 `date` header value (Envoy's DateProvider), so no request formats a date itself.
 */
import { performance } from 'node:perf_hooks';

/** Monotonic milliseconds (fractional), for durations. */
export function monotonicMs(): number {
  return performance.now();
}

let cachedSecond = -1;
let cachedDate = '';

/** The current HTTP date (`Sun, 08 Mar 2020 13:28:28 GMT`), recomputed at most once a second. */
export function httpDate(): string {
  const now = Date.now();
  const second = (now / 1000) | 0;
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedDate = new Date(second * 1000).toUTCString();
  }
  return cachedDate;
}
