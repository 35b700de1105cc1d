/**
 * Envoy's per-cluster counters and gauges (`cluster.NAME.upstream_rq_total`, ...), plain numeric
 * fields bumped on the request path and read by the admin `/stats` endpoints.
 */

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
  upstream_rq_retry = 0;
  upstream_rq_retry_success = 0;
  upstream_rq_retry_limit_exceeded = 0;
  upstream_rq_rx_reset = 0;
  upstream_rq_tx_reset = 0;
  upstream_rq_pending_overflow = 0;
  upstream_cx_total = 0;
  upstream_cx_active = 0;
  upstream_cx_connect_fail = 0;
  upstream_cx_connect_timeout = 0;
  upstream_cx_destroy = 0;
  upstream_cx_http1_total = 0;
  upstream_cx_http2_total = 0;
  upstream_cx_rx_bytes_total = 0;
  upstream_cx_tx_bytes_total = 0;
  membership_healthy = 0;
  membership_total = 0;

  recordResponse(status: number): void {
    this.upstream_rq_completed++;
    if (status < 200) this.upstream_rq_1xx++;
    else if (status < 300) this.upstream_rq_2xx++;
    else if (status < 400) this.upstream_rq_3xx++;
    else if (status < 500) this.upstream_rq_4xx++;
    else this.upstream_rq_5xx++;
  }

  /** Gauges, for the Prometheus `# TYPE ... gauge` line. */
  static readonly GAUGES = new Set(['upstream_rq_active', 'upstream_cx_active', 'membership_healthy', 'membership_total']);

  entries(): [string, number][] {
    return Object.entries(this) as [string, number][];
  }
}
