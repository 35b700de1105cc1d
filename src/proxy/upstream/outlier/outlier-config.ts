/**
 * A cluster's `outlierDetection` compiled with Envoy's defaults: consecutive 5xx (5, enforced
 * 100%), consecutive gateway failure (5, enforced 0% unless set), consecutive local-origin failure
 * (5, enforced 100%, only with `splitExternalLocalOriginErrors`), a 10 s sweep interval, 30 s base
 * ejection time, a 300 s (or base, if larger) cap, and at most 10% of hosts ejected. Istio writes
 * the `enforcing*` percentages next to the thresholds it sets.
 */
import type { OutlierDetection } from '../../../envoy/types.ts';
import { parseDuration } from '../../../common/duration.ts';
import { ConfigError } from '../../config/config-error.ts';

export interface OutlierConfig {
  readonly intervalMs: number;
  readonly baseEjectionTimeMs: number;
  readonly maxEjectionTimeMs: number;
  readonly maxEjectionPercent: number;
  readonly consecutive5xx: number;
  readonly enforcingConsecutive5xx: number;
  readonly consecutiveGatewayFailure: number;
  readonly enforcingConsecutiveGatewayFailure: number;
  readonly consecutiveLocalOriginFailure: number;
  readonly enforcingConsecutiveLocalOriginFailure: number;
  readonly splitExternalLocalOriginErrors: boolean;
  readonly alwaysEjectOneHost: boolean;
}

function ms(d: string | undefined, dflt: number, what: string): number {
  if (d === undefined) return dflt;
  const v = parseDuration(d);
  if (v === undefined || v <= 0) throw new ConfigError(`outlierDetection.${what} "${d}" must be a positive duration`);
  return v;
}

function count(v: number | undefined, dflt: number, what: string, max = 4294967295): number {
  if (v === undefined) return dflt;
  if (!Number.isInteger(v) || v < 0 || v > max) throw new ConfigError(`outlierDetection.${what} must be an integer in [0, ${max}] (got ${v})`);
  return v;
}

export function compileOutlierConfig(o: OutlierDetection): OutlierConfig {
  const base = ms(o.baseEjectionTime, 30_000, 'baseEjectionTime');
  const max = ms(o.maxEjectionTime, Math.max(300_000, base), 'maxEjectionTime');
  if (max < base) throw new ConfigError("outlier detector's max_ejection_time cannot be smaller than base_ejection_time");
  return {
    intervalMs: ms(o.interval, 10_000, 'interval'),
    baseEjectionTimeMs: base,
    maxEjectionTimeMs: max,
    maxEjectionPercent: count(o.maxEjectionPercent, 10, 'maxEjectionPercent', 100),
    consecutive5xx: count(o.consecutive5xx, 5, 'consecutive5xx'),
    enforcingConsecutive5xx: count(o.enforcingConsecutive5xx, 100, 'enforcingConsecutive5xx', 100),
    consecutiveGatewayFailure: count(o.consecutiveGatewayFailure, 5, 'consecutiveGatewayFailure'),
    enforcingConsecutiveGatewayFailure: count(o.enforcingConsecutiveGatewayFailure, 0, 'enforcingConsecutiveGatewayFailure', 100),
    consecutiveLocalOriginFailure: count(o.consecutiveLocalOriginFailure, 5, 'consecutiveLocalOriginFailure'),
    enforcingConsecutiveLocalOriginFailure: count(o.enforcingConsecutiveLocalOriginFailure, 100, 'enforcingConsecutiveLocalOriginFailure', 100),
    splitExternalLocalOriginErrors: o.splitExternalLocalOriginErrors === true,
    alwaysEjectOneHost: o.alwaysEjectOneHost === true,
  };
}
