/**
 * Envoy's per-cluster counters and gauges (`cluster.NAME.upstream_rq_total`, ...), plain numeric
 * fields bumped on the request path and read by the admin `/stats` endpoints, plus the entries of
 * the live cluster's balancer: outlier detection (`outlier_detection.ejections_active`, ...) and
 * circuit breakers (`circuit_breakers.default.rq_open`, `remaining_*`).
 */
import type { ResourceManager } from './circuit-breaker.ts';
import type { OutlierStats } from './outlier/outlier-stats.ts';

/** What a live cluster contributes to its stats besides the counters. */
export interface StatsSources {
  readonly resources: ResourceManager;
  readonly outlier: { readonly stats: OutlierStats } | undefined;
}

export class ClusterStats {
  upstream_rq_total = 0;
  upstream_rq_completed = 0;
  upstream_rq_active = 0;
  upstream_rq_1xx = 0;
  upstream_rq_2xx = 0;
  upstream_rq_3xx = 0;
  upstream_rq_4xx = 0;
  upstream_rq_5xx = 0;
  upstream_rq_timeout = 0;
  upstream_rq_per_try_timeout = 0;
  upstream_rq_retry = 0;
  upstream_rq_retry_success = 0;
  upstream_rq_retry_limit_exceeded = 0;
  upstream_rq_retry_overflow = 0;
  upstream_rq_retry_backoff_exponential = 0;
  retry_or_shadow_abandoned = 0;
  upstream_rq_rx_reset = 0;
  upstream_rq_tx_reset = 0;
  upstream_rq_pending_total = 0;
  upstream_rq_pending_active = 0;
  upstream_rq_pending_overflow = 0;
  upstream_rq_pending_failure_eject = 0;
  upstream_cx_total = 0;
  upstream_cx_active = 0;
  upstream_cx_overflow = 0;
  upstream_cx_connect_fail = 0;
  upstream_cx_connect_timeout = 0;
  upstream_cx_destroy = 0;
  upstream_cx_http1_total = 0;
  upstream_cx_http2_total = 0;
  upstream_cx_rx_bytes_total = 0;
  upstream_cx_tx_bytes_total = 0;
  membership_healthy = 0;
  membership_total = 0;
  /** Set by the live cluster (not a stat itself). */
  sources: StatsSources | undefined;

  recordResponse(status: number): void {
    this.upstream_rq_completed++;
    if (status < 200) this.upstream_rq_1xx++;
    else if (status < 300) this.upstream_rq_2xx++;
    else if (status < 400) this.upstream_rq_3xx++;
    else if (status < 500) this.upstream_rq_4xx++;
    else this.upstream_rq_5xx++;
  }

  /** Gauges, for the Prometheus `# TYPE ... gauge` line. */
  static readonly GAUGES = new Set(['upstream_rq_active', 'upstream_rq_pending_active', 'upstream_cx_active', 'membership_healthy', 'membership_total', 'outlier_detection.ejections_active']);

  static isGauge(name: string): boolean {
    return ClusterStats.GAUGES.has(name) || name.startsWith('circuit_breakers.');
  }

  entries(): [string, number][] {
    const out: [string, number][] = [];
    for (const [k, v] of Object.entries(this)) if (typeof v === 'number') out.push([k, v]);
    const src = this.sources;
    if (src) {
      out.push(...src.resources.gauges());
      if (src.outlier) out.push(...src.outlier.stats.entries());
    }
    return out;
  }
}
