/**
 * The long-lived parts of one proxy process that every configuration generation shares: route
 * providers (RDS), the cluster manager, metrics and stats, access log sinks and the options.
 * Filters built from a bundle hold this object, so an old connection sees new routes and clusters.
 */
import { AccessLogSinks } from './access-log/sink.ts';
import type { ResolvedOptions } from './options.ts';
import { RouteProviders } from './router/route-table.ts';
import { IstioMetrics } from './stats/istio-metrics.ts';
import { StatsStore } from './stats/stats-store.ts';
import { ClusterManager } from './upstream/cluster-manager.ts';

export class ProxyServices {
  readonly routes = new RouteProviders();
  readonly clusters: ClusterManager;
  readonly stats = new StatsStore();
  readonly metrics: IstioMetrics;
  readonly accessLogSinks: AccessLogSinks;

  constructor(readonly options: ResolvedOptions) {
    this.clusters = new ClusterManager({ random: options.random, time: options.time });
    this.metrics = new IstioMetrics(options.identity);
    this.accessLogSinks = new AccessLogSinks(options.accessLog);
  }

  async close(): Promise<void> {
    this.clusters.close();
    await this.accessLogSinks.close();
  }
}
