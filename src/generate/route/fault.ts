/**
 * VirtualService `fault` → envoy.filters.http.fault per-route config (Istio's TranslateFault):
 * fixed delays and HTTP/gRPC aborts; `percentage` (a float percent) becomes parts per million,
 * the deprecated integer `percent` parts per hundred.
 */
import { parseDuration } from '../../common/duration.ts';
import { protoDuration } from '../duration.ts';
import type { FractionalPercent, HTTPFault } from '../../envoy/types.ts';
import { TYPE_URL } from '../../envoy/type-urls.ts';
import type { HTTPFaultInjection, Percent } from '../../model/api-types.ts';

export const GRPC_STATUS: Record<string, number> = {
  OK: 0, CANCELLED: 1, UNKNOWN: 2, INVALID_ARGUMENT: 3, DEADLINE_EXCEEDED: 4, NOT_FOUND: 5, ALREADY_EXISTS: 6, PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8, FAILED_PRECONDITION: 9, ABORTED: 10, OUT_OF_RANGE: 11, UNIMPLEMENTED: 12, INTERNAL: 13, UNAVAILABLE: 14, DATA_LOSS: 15, UNAUTHENTICATED: 16,
};

/** Istio Percent (0–100, fractional) → parts per million. */
export function percentToFractional(p: Percent): FractionalPercent {
  return { numerator: Math.round((p.value ?? 0) * 10000), denominator: 'MILLION' };
}

export function integerToFractional(n: number): FractionalPercent {
  return { numerator: n, denominator: 'HUNDRED' };
}

export function translateFault(f: HTTPFaultInjection | undefined): HTTPFault | undefined {
  if (!f) return undefined;
  const out: HTTPFault = { '@type': TYPE_URL.fault };
  if (f.delay) {
    const ms = f.delay.fixedDelay !== undefined ? parseDuration(f.delay.fixedDelay) : undefined;
    if (ms !== undefined) {
      out.delay = {
        fixedDelay: protoDuration(ms),
        percentage: f.delay.percentage ? percentToFractional(f.delay.percentage) : integerToFractional(f.delay.percent ?? 0),
      };
    }
  }
  if (f.abort) {
    const abort: NonNullable<HTTPFault['abort']> = {};
    if (f.abort.percentage) abort.percentage = percentToFractional(f.abort.percentage);
    if (f.abort.httpStatus !== undefined) out.abort = { httpStatus: f.abort.httpStatus, ...abort };
    else if (f.abort.grpcStatus !== undefined && GRPC_STATUS[f.abort.grpcStatus] !== undefined) out.abort = { grpcStatus: GRPC_STATUS[f.abort.grpcStatus], ...abort };
  }
  return out.delay || out.abort ? out : undefined;
}
