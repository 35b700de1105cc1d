/**
 * Envoy's outlier detection stats of one cluster (`cluster.NAME.outlier_detection.*`): the active
 * ejections gauge and the detected/enforced counters per ejection type, plus the overflow counter
 * (an ejection refused by maxEjectionPercent) and the deprecated totals Envoy still exports.
 */

export class OutlierStats {
  ejections_active = 0;
  ejections_overflow = 0;
  ejections_enforced_total = 0;
  ejections_detected_consecutive_5xx = 0;
  ejections_enforced_consecutive_5xx = 0;
  ejections_detected_consecutive_gateway_failure = 0;
  ejections_enforced_consecutive_gateway_failure = 0;
  ejections_detected_consecutive_local_origin_failure = 0;
  ejections_enforced_consecutive_local_origin_failure = 0;
  /** Deprecated in Envoy, still exported. */
  ejections_total = 0;
  ejections_consecutive_5xx = 0;

  static readonly GAUGES = new Set(['ejections_active']);

  /** `[outlier_detection.NAME, value]` pairs for the stats endpoints. */
  entries(): [string, number][] {
    return Object.entries(this).map(([k, v]) => [`outlier_detection.${k}`, v as number]);
  }
}
