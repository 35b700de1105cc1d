/**
 * The proxy in one process: applies bundles (build everything, prepare clusters and sockets,
 * then swap clusters, routes and listeners in one synchronous step — or reject the bundle whole
 * and keep serving the previous one), serializes concurrent applies, and is the AdminSource of
 * its admin endpoints.
 */
import '../extensions/builtin.ts';
import type { ProxyResources } from '../envoy/types.ts';
import { configDump, ResourceVersions } from './admin/config-dump.ts';
import type { AdminSource } from './admin/admin-source.ts';
import type { ApplyResult, BoundListener } from './apply-result.ts';
import { buildConfig } from './config/build.ts';
import { ListenerManager } from './listener/listener-manager.ts';
import type { ResolvedOptions } from './options.ts';
import { ProxyServices } from './services.ts';
import type { PreparedClusters } from './upstream/cluster-manager.ts';

export class ProxyRuntime implements AdminSource {
  readonly services: ProxyServices;
  readonly listeners: ListenerManager;
  version = 0;
  private applied: ProxyResources | undefined;
  private readonly versions = new ResourceVersions();
  private queue: Promise<unknown> = Promise.resolve();
  private stopping = false;
  private readonly startedAt = Date.now();

  constructor(readonly options: ResolvedOptions) {
    this.services = new ProxyServices(options);
    this.listeners = new ListenerManager(this.services);
    this.services.stats.gauge('server.concurrency').value = 1;
  }

  apply(resources: ProxyResources): Promise<ApplyResult> {
    const run = this.queue.then(() => this.applyNow(resources));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private reject(errors: string[], warnings: string[]): ApplyResult {
    const st = this.services.stats;
    st.counter('listener_manager.lds.update_rejected').value++;
    st.counter('cluster_manager.cds.update_rejected').value++;
    return { accepted: false, version: this.version, errors, warnings, listeners: this.boundListeners() };
  }

  private async applyNow(resources: ProxyResources): Promise<ApplyResult> {
    if (this.stopping) return this.reject(['the proxy is stopping'], []);
    let built;
    try {
      built = buildConfig(resources, this.services);
    } catch (e) {
      return this.reject([`internal error while building the configuration: ${(e as Error).stack ?? e}`], []);
    }
    const { config, errors, warnings } = built;
    if (!config) return this.reject(errors, warnings);
    const clusters = this.services.clusters;
    let pc: PreparedClusters | undefined;
    let pl;
    try {
      pc = await clusters.prepare(config.clusters);
      pl = await this.listeners.prepare(config.listeners);
    } catch (e) {
      if (pc) clusters.abort(pc);
      return this.reject([(e as Error).message], warnings);
    }
    if (this.stopping) {
      clusters.abort(pc);
      for (const l of pl.created) l.closeSocket();
      return this.reject(['the proxy is stopping'], warnings);
    }
    // The swap: synchronous, so no request sees half of it.
    clusters.commit(pc);
    this.services.routes.swap(config.routeTables);
    this.listeners.commit(pl, this.options.drainMs);
    this.version++;
    this.applied = config.resources;
    this.versions.record(config.resources, this.version, new Date().toISOString());
    const st = this.services.stats;
    st.counter('listener_manager.lds.update_success').value++;
    st.counter('cluster_manager.cds.update_success').value++;
    st.gauge('listener_manager.total_listeners_active').value = this.listeners.all().length;
    st.gauge('cluster_manager.active_clusters').value = clusters.all().length;
    return { accepted: true, version: this.version, errors: [], warnings, listeners: this.boundListeners() };
  }

  boundListeners(): BoundListener[] {
    return this.listeners.all().map((l) => ({ name: l.config.name, address: l.config.bindAddress, port: l.boundPort }));
  }

  async stop(drainMs: number): Promise<void> {
    this.stopping = true;
    await this.queue;
    await this.listeners.closeAll(drainMs);
    await this.services.close();
  }

  // ---- AdminSource ----

  ready(): boolean {
    return this.version > 0 && !this.stopping;
  }

  configDump(query: URLSearchParams): unknown {
    return configDump(this.applied, this.versions, this.version, this.bootstrap(), query.has('include_eds'));
  }

  private bootstrap(): unknown {
    const o = this.options;
    return {
      node: { id: o.identity.workload ?? 'sextant-proxy', cluster: o.identity.canonicalService ?? o.identity.workload ?? 'sextant', userAgentName: 'sextant' },
      admin: { address: { socketAddress: { address: o.adminAddress, portValue: o.adminPort ?? 0 } } },
      dynamicResources: { adsConfig: { apiType: 'GRPC', transportApiVersion: 'V3' } },
    };
  }

  private refreshServerStats(): void {
    const st = this.services.stats;
    st.gauge('server.live').value = this.ready() ? 1 : 0;
    st.gauge('server.state').value = this.ready() ? 0 : 2;
    st.gauge('server.uptime').value = Math.floor((Date.now() - this.startedAt) / 1000);
  }

  async statsText(): Promise<string> {
    this.refreshServerStats();
    return this.services.stats.renderText(this.services.clusters.stats());
  }

  async prometheusText(): Promise<string> {
    this.refreshServerStats();
    const out: string[] = [];
    this.services.metrics.render(out);
    this.services.stats.renderPrometheus(this.services.clusters.stats(), out);
    return out.join('\n') + '\n';
  }

  async clustersText(): Promise<string> {
    const lines: string[] = [];
    for (const c of this.services.clusters.all()) {
      const rm = c.resources;
      const limits: [string, number][] = [['max_connections', rm.connections.max], ['max_pending_requests', rm.pendingRequests.max], ['max_requests', rm.requests.max], ['max_retries', rm.retries.max]];
      for (const [k, v] of limits) lines.push(`${c.name}::default_priority::${k}::${v}`);
      if (c.outlier) lines.push(`${c.name}::outlier::success_rate_average::-1`, `${c.name}::outlier::success_rate_ejection_threshold::-1`);
      for (const h of c.hosts) {
        const p = `${c.name}::${h.addressText}`;
        lines.push(`${p}::cx_active::${h.cxActive}`, `${p}::rq_active::${h.rqActive}`, `${p}::rq_total::${h.rqTotal}`, `${p}::hostname::${h.spec.hostname}`);
        const flags = [h.spec.healthy ? '' : '/failed_eds_health', c.outlier?.isEjected(h) ? '/failed_outlier_check' : ''].join('');
        lines.push(`${p}::health_flags::${flags || 'healthy'}`, `${p}::weight::${h.weight}`, `${p}::priority::${h.spec.priority}`);
        if (h.spec.locality) {
          const [region = '', zone = '', subZone = ''] = h.spec.locality.split('/');
          lines.push(`${p}::region::${region}`, `${p}::zone::${zone}`, `${p}::sub_zone::${subZone}`);
        }
      }
    }
    return lines.join('\n') + '\n';
  }

  listenersText(): string {
    return this.boundListeners().map((l) => `${l.name}::${l.address}:${l.port}`).join('\n') + '\n';
  }

  serverInfo(): unknown {
    return { version: 'sextant', state: this.ready() ? 'LIVE' : 'PRE_INITIALIZING', uptime_current_epoch: `${Math.floor((Date.now() - this.startedAt) / 1000)}s`, command_line_options: { concurrency: this.options.concurrency } };
  }
}
