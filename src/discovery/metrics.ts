/**
 * The discovery server's Prometheus metrics, named as istiod names them: pilot_xds (connected
 * proxies), pilot_xds_pushes{type}, pilot_total_xds_rejects{type}, pilot_proxy_convergence_time,
 * pilot_push_triggers{type}, pilot_debounce_time, pilot_xds_config_size_bytes{type}. One Registry per
 * server so several servers (tests) never collide in prom-client's global registry.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export class DiscoveryMetrics {
  readonly registry = new Registry();
  readonly connected = new Gauge({ name: 'pilot_xds', help: 'Number of endpoints connected to this pilot using XDS.', labelNames: ['version'], registers: [this.registry] });
  readonly pushes = new Counter({ name: 'pilot_xds_pushes', help: 'Pilot build and send errors for lds, rds, cds and eds.', labelNames: ['type'], registers: [this.registry] });
  readonly rejects = new Counter({ name: 'pilot_total_xds_rejects', help: 'Total number of XDS responses from pilot rejected by proxy.', labelNames: ['type'], registers: [this.registry] });
  readonly convergence = new Histogram({
    name: 'pilot_proxy_convergence_time',
    help: 'Delay in seconds between config change and a proxy receiving all required configuration.',
    buckets: [0.1, 0.5, 1, 3, 5, 10, 20, 30],
    registers: [this.registry],
  });
  readonly triggers = new Counter({ name: 'pilot_push_triggers', help: 'Total number of times a push was triggered, labeled by reason for the push.', labelNames: ['type'], registers: [this.registry] });
  readonly debounce = new Histogram({ name: 'pilot_debounce_time', help: 'Delay in seconds between the first config enters debouncing and the merged push request is pushed into the push queue.', buckets: [0.01, 0.1, 1, 3, 5, 10, 20, 30], registers: [this.registry] });
  readonly configSize = new Histogram({ name: 'pilot_xds_config_size_bytes', help: 'Distribution of configuration sizes pushed to clients', labelNames: ['type'], buckets: [1, 10000, 1000000, 4000000, 10000000, 40000000], registers: [this.registry] });
}

/** `type.googleapis.com/envoy.config.cluster.v3.Cluster` → `cds`, as Istio labels its metrics. */
export function metricType(short: string): string {
  return short.toLowerCase();
}
