/**
 * Envoy-style named counters and gauges (`http.http.80.downstream_rq_total`,
 * `listener_manager.lds.update_success`, ...) for the admin `/stats` endpoints. A counter is an
 * object resolved once at config time and bumped by reference on the request path.
 */
import type { ClusterStats } from '../upstream/cluster-stats.ts';
import { ClusterStats as ClusterStatsClass } from '../upstream/cluster-stats.ts';
import { labelValue } from './histogram.ts';

export interface Counter {
  value: number;
}

export class StatsStore {
  private readonly counters = new Map<string, Counter>();
  private readonly gauges = new Map<string, Counter>();

  counter(name: string): Counter {
    let c = this.counters.get(name);
    if (!c) {
      c = { value: 0 };
      this.counters.set(name, c);
    }
    return c;
  }

  gauge(name: string): Counter {
    let g = this.gauges.get(name);
    if (!g) {
      g = { value: 0 };
      this.gauges.set(name, g);
    }
    return g;
  }

  /** Envoy's `/stats` text: `name: value` lines, sorted. */
  renderText(clusters: Map<string, ClusterStats>): string {
    const lines: string[] = [];
    for (const [n, c] of this.counters) lines.push(`${n}: ${c.value}`);
    for (const [n, g] of this.gauges) lines.push(`${n}: ${g.value}`);
    for (const [name, s] of clusters) for (const [k, v] of s.entries()) lines.push(`cluster.${name}.${k}: ${v}`);
    return lines.sort().join('\n') + '\n';
  }

  /** Envoy's Prometheus form, with the cluster name and HTTP stat prefix as labels. */
  renderPrometheus(clusters: Map<string, ClusterStats>, out: string[]): void {
    const byMetric = new Map<string, { type: string; lines: string[] }>();
    const add = (metric: string, type: string, labels: string, v: number): void => {
      let m = byMetric.get(metric);
      if (!m) {
        m = { type, lines: [] };
        byMetric.set(metric, m);
      }
      m.lines.push(`${metric}${labels ? `{${labels}}` : ''} ${v}`);
    };
    for (const [name, s] of clusters) {
      for (const [k, v] of s.entries()) add(`envoy_cluster_${k.replace(/\./g, '_')}`, ClusterStatsClass.isGauge(k) ? 'gauge' : 'counter', `cluster_name="${labelValue(name)}"`, v);
    }
    const emit = (map: Map<string, Counter>, type: string): void => {
      for (const [n, c] of map) {
        const http = /^http\.(.+?)\.(downstream_[a-z0-9_]+|no_route|rq_[a-z0-9_]+|fault\.[a-z_]+)$/.exec(n);
        if (http) add(`envoy_http_${http[2].replace('.', '_')}`, type, `http_conn_manager_prefix="${labelValue(http[1])}"`, c.value);
        else add(`envoy_${n.replace(/[^a-zA-Z0-9_]/g, '_')}`, type, '', c.value);
      }
    };
    emit(this.counters, 'counter');
    emit(this.gauges, 'gauge');
    for (const [metric, m] of [...byMetric].sort(([a], [b]) => a.localeCompare(b))) {
      out.push(`# TYPE ${metric} ${m.type}`);
      for (const line of m.lines) out.push(line);
    }
  }
}
