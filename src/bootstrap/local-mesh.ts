/**
 * The all-in-one local mesh behind `sextant up`: the control plane (load → snapshot → generate) and
 * one gateway proxy in one process. Each configuration change is loaded and checked whole; a change
 * with errors is rejected and the last good configuration keeps serving.
 */
import type { Resource } from '../api/resource.ts';
import { formatDiagnostic, type Diagnostic } from '../config/diagnostic.ts';
import { loadPaths, loadText } from '../config/load.ts';
import type { ProxyResources } from '../envoy/types.ts';
import { generateWithReport } from '../generate/index.ts';
import type { Proxy as ProxyModel } from '../model/proxy.ts';
import { buildSnapshot, type MeshSnapshot } from '../model/snapshot.ts';
import { proxyForWorkload } from '../model/workload-proxy.ts';
import { Proxy, type ProxyIdentity, type ProxyOptions } from '../proxy/index.ts';
import { ConfigWatcher } from './config-watcher.ts';

export interface LocalMeshOptions {
  /** Files or directories of configuration. */
  paths: string[];
  /** Labels of the gateway workload (default `istio: ingressgateway`). */
  gatewayLabels?: Record<string, string>;
  /** Namespace of the gateway workload (default istio-system). */
  gatewayNamespace?: string;
  /** Namespace given to resources that name none. */
  defaultNamespace?: string;
  /** Watch the paths and apply changes live (default true). */
  watch?: boolean;
  proxy?: ProxyOptions;
  /** One line per event (start, reload accepted/rejected). */
  log?: (line: string) => void;
}

export interface ReloadOutcome {
  accepted: boolean;
  version: number;
  diagnostics: Diagnostic[];
  /** Why the change was not applied (errors in config, generation, or the proxy refusing it). */
  reason?: string;
  resources?: ProxyResources;
}

export class LocalMesh {
  private proxyInstance: Proxy | undefined;
  private snapshot: MeshSnapshot | undefined;
  private watcher: ConfigWatcher | undefined;
  private version = 0;
  private reloading: Promise<ReloadOutcome> | undefined;
  private pending = false;
  private readonly log: (line: string) => void;

  constructor(readonly options: LocalMeshOptions) {
    this.log = options.log ?? ((l) => process.stdout.write(l + '\n'));
  }

  get currentSnapshot(): MeshSnapshot | undefined {
    return this.snapshot;
  }

  /** The gateway proxy (after start()). */
  get proxy(): Proxy {
    if (!this.proxyInstance) throw new Error('LocalMesh.start() has not been called');
    return this.proxyInstance;
  }

  /** Loads the configuration, starts the proxy with it, and (by default) watches for changes. */
  async start(): Promise<ReloadOutcome> {
    const peek = loadPaths(this.options.paths, { defaultNamespace: this.options.defaultNamespace ?? 'default' });
    const model = this.gatewayModel(buildSnapshot(this.withAccessLogDefault(peek.resources)));
    this.proxyInstance = new Proxy({ identity: identityOf(model), ...this.options.proxy });
    await this.proxyInstance.start();
    const first = await this.reload(true);
    if (this.options.watch !== false) this.watcher = new ConfigWatcher(this.options.paths, () => void this.reloadSoon());
    return first;
  }

  private async reloadSoon(): Promise<void> {
    if (this.reloading) {
      this.pending = true;
      return;
    }
    await this.reload(false);
    while (this.pending) {
      this.pending = false;
      await this.reload(false);
    }
  }

  /** Re-reads the configuration and applies it when it is free of errors. */
  async reload(initial = false): Promise<ReloadOutcome> {
    const run = this.reloadNow(initial);
    this.reloading = run;
    try {
      return await run;
    } finally {
      this.reloading = undefined;
    }
  }

  private async reloadNow(initial: boolean): Promise<ReloadOutcome> {
    const version = ++this.version;
    const loaded = loadPaths(this.options.paths, { defaultNamespace: this.options.defaultNamespace ?? 'default' });
    const errors = loaded.diagnostics.filter((d) => d.severity === 'Error');
    for (const d of loaded.diagnostics) this.log(`  ${formatDiagnostic(d)}`);
    if (errors.length > 0 && !initial) {
      const reason = `${errors.length} error(s) in the configuration; keeping the previous configuration`;
      this.log(`config v${version} rejected: ${reason}`);
      return { accepted: false, version, diagnostics: loaded.diagnostics, reason };
    }
    const snapshot = buildSnapshot(this.withAccessLogDefault(loaded.resources));
    const model = this.gatewayModel(snapshot);
    const report = generateWithReport(model, snapshot);
    for (const p of report.problems) this.log(`  Warning: ${p.kind} ${p.name}: ${p.message}`);
    for (const c of report.consistency.filter((x) => x.severity === 'warning')) this.log(`  Warning: ${c.referencedBy} references ${c.kind} ${c.name}, which does not exist (requests there fail)`);
    const broken = report.consistency.filter((c) => c.severity === 'error');
    if (broken.length > 0) {
      const reason = `generated configuration is inconsistent: ${broken.map((c) => `${c.referencedBy} references missing ${c.kind} ${c.name}`).join('; ')}`;
      this.log(`config v${version} rejected: ${reason}`);
      return { accepted: false, version, diagnostics: loaded.diagnostics, reason };
    }
    const result = await this.proxy.apply(report.resources);
    if (!result.accepted) {
      const reason = `the proxy refused it: ${result.errors.join('; ')}`;
      this.log(`config v${version} rejected: ${reason}`);
      return { accepted: false, version, diagnostics: loaded.diagnostics, reason };
    }
    this.snapshot = snapshot;
    const r = report.resources;
    const skipped = errors.length > 0 ? ` (${errors.length} invalid resource(s) left out)` : '';
    this.log(`config v${version} accepted: ${loaded.resources.length} resources → ${r.listeners.length} listeners, ${r.routes.length} routes, ${r.clusters.length} clusters, ${r.secrets.length} secrets${skipped}`);
    return { accepted: true, version, diagnostics: loaded.diagnostics, resources: r };
  }

  /**
   * Istio logs requests only when the mesh config names an `accessLogFile`. `sextant up --access-log
   * stdout|FILE` means "show me the requests", so when the configuration has no mesh ConfigMap we
   * add one with `accessLogFile: /dev/stdout` (the proxy's sink then sends lines where asked).
   */
  private withAccessLogDefault(resources: readonly Resource[]): Resource[] {
    const sink = this.options.proxy?.accessLog ?? 'config';
    const hasMesh = resources.some((r) => r.kind === 'ConfigMap' && (r.metadata.name === 'istio' || r.metadata.name === 'istio-mesh-cm'));
    if (sink === 'off' || sink === 'config' || hasMesh) return [...resources];
    const root = this.options.gatewayNamespace ?? 'istio-system';
    const extra = loadText(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio, namespace: ${root}}\ndata:\n  mesh: 'accessLogFile: /dev/stdout'\n`, '<sextant up --access-log>');
    return [...resources, ...extra.resources];
  }

  private gatewayModel(snapshot: MeshSnapshot): ProxyModel {
    const labels = this.options.gatewayLabels ?? { istio: 'ingressgateway' };
    return proxyForWorkload(snapshot, labels, { namespace: this.options.gatewayNamespace ?? 'istio-system', type: 'router' });
  }

  async stop(drainMs = 2000): Promise<void> {
    this.watcher?.close();
    await this.proxyInstance?.stop({ drainMs });
  }
}

/** The gateway's own labels in Istio metrics (source_workload, source_app, ...). */
function identityOf(model: ProxyModel): ProxyIdentity {
  const app = model.labels.app ?? model.labels['app.kubernetes.io/name'];
  return {
    workload: model.workloadName,
    namespace: model.namespace,
    app,
    version: model.labels.version,
    canonicalService: model.labels['service.istio.io/canonical-name'] ?? app ?? model.workloadName,
    canonicalRevision: model.labels['service.istio.io/canonical-revision'] ?? model.labels.version ?? 'latest',
    cluster: 'Kubernetes',
    reporter: 'source',
  };
}
