/**
 * Envoy's `retry_on` conditions as bit flags, parsed from the comma-separated string Istio writes
 * (HTTP and gRPC conditions share the string; unknown tokens are ignored, as Envoy does, and
 * reported back). gRPC conditions look at the `grpc-status` of a trailers-only response.
 */

export const RETRY_ON = {
  '5xx': 1 << 0,
  'gateway-error': 1 << 1,
  'connect-failure': 1 << 2,
  'envoy-ratelimited': 1 << 3,
  'retriable-4xx': 1 << 4,
  'refused-stream': 1 << 5,
  'retriable-status-codes': 1 << 6,
  'retriable-headers': 1 << 7,
  reset: 1 << 8,
  'reset-before-request': 1 << 9,
  'http3-post-connect-failure': 1 << 10,
  cancelled: 1 << 11,
  'deadline-exceeded': 1 << 12,
  internal: 1 << 13,
  'resource-exhausted': 1 << 14,
  unavailable: 1 << 15,
} as const;

export type RetryCondition = keyof typeof RETRY_ON;

/** gRPC status code → the retry condition that covers it. */
export const GRPC_RETRY_ON: Record<number, number> = {
  1: RETRY_ON.cancelled,
  4: RETRY_ON['deadline-exceeded'],
  8: RETRY_ON['resource-exhausted'],
  13: RETRY_ON.internal,
  14: RETRY_ON.unavailable,
};

export const GRPC_ANY = RETRY_ON.cancelled | RETRY_ON['deadline-exceeded'] | RETRY_ON['resource-exhausted'] | RETRY_ON.internal | RETRY_ON.unavailable;

export function parseRetryOn(text: string | undefined): { flags: number; unknown: string[] } {
  let flags = 0;
  const unknown: string[] = [];
  for (const raw of (text ?? '').split(',')) {
    const t = raw.trim();
    if (t === '') continue;
    const bit = (RETRY_ON as Record<string, number>)[t];
    if (bit === undefined) unknown.push(t);
    else flags |= bit;
  }
  return { flags, unknown };
}
