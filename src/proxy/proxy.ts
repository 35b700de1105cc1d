/**
 * `Proxy`: the Sextant data plane's public face. `apply(resources)` installs a whole Envoy v3
 * bundle atomically (or rejects it whole, keeping the previous one serving); `start()` opens the
 * admin (15000), Prometheus (15090) and readiness (15021) endpoints; `stop({drainMs})` drains.
 * With `concurrency: N > 1` the listeners are served by N worker processes sharing the sockets,
 * each applying the same bundle.
 */
import type http from 'node:http';
import type { ProxyResources } from '../envoy/types.ts';
import { adminServer, close, listen, readinessServer, statsServer } from './admin/admin-servers.ts';
import type { AdminSource } from './admin/admin-source.ts';
import type { ApplyResult, BoundListener } from './apply-result.ts';
import { resolveOptions, type ProxyOptions, type ResolvedOptions } from './options.ts';
import { ProxyRuntime } from './runtime.ts';
import { WorkerSupervisor } from './workers/supervisor.ts';

export interface StopOptions {
  /** How long in-flight requests may take to finish before connections are closed (default 5000). */
  drainMs?: number;
}

interface Engine extends AdminSource {
  apply(resources: ProxyResources): Promise<ApplyResult>;
  stop(drainMs: number): Promise<void>;
  boundListeners(): BoundListener[];
}

export class Proxy {
  readonly options: ResolvedOptions;
  private readonly engine: Engine;
  private readonly servers: http.Server[] = [];
  private started: Promise<void> | undefined;
  private stopped = false;
  /** Ports actually bound by the auxiliary servers (useful when configured as 0). */
  adminPort: number | undefined;
  statsPort: number | undefined;
  readinessPort: number | undefined;

  constructor(options: ProxyOptions = {}) {
    this.options = resolveOptions(options);
    this.engine = this.options.concurrency > 1 ? new WorkerSupervisor(this.options) : new ProxyRuntime(this.options);
  }

  /** Opens the admin, Prometheus and readiness endpoints (and starts workers). Idempotent. */
  start(): Promise<void> {
    this.started ??= this.startNow();
    return this.started;
  }

  private async startNow(): Promise<void> {
    if (this.engine instanceof WorkerSupervisor) await this.engine.start();
    const o = this.options;
    const open = async (make: (s: AdminSource) => http.Server, host: string, port: number | null): Promise<number | undefined> => {
      if (port === null) return undefined;
      const server = make(this.engine);
      this.servers.push(server);
      return listen(server, host, port);
    };
    this.adminPort = await open(adminServer, o.adminAddress, o.adminPort);
    this.statsPort = await open(statsServer, o.bindAddress, o.statsPort);
    this.readinessPort = await open(readinessServer, o.bindAddress, o.readinessPort);
  }

  /** Validates and builds the whole bundle, then swaps it in atomically; a bad bundle changes nothing. */
  async apply(resources: ProxyResources): Promise<ApplyResult> {
    if (this.stopped) return { accepted: false, version: 0, errors: ['the proxy is stopped'], warnings: [], listeners: [] };
    await this.start();
    return this.engine.apply(resources);
  }

  /** True once a full configuration is applied (what `/healthz/ready` reports). */
  get ready(): boolean {
    return this.engine.ready();
  }

  /** The listeners serving now, with the ports actually bound. */
  listeners(): BoundListener[] {
    return this.engine.boundListeners();
  }

  /** The bound port of a listener by name. */
  listenerPort(name: string): number | undefined {
    return this.listeners().find((l) => l.name === name)?.port;
  }

  /** Stops accepting, lets in-flight requests finish for up to `drainMs`, then closes everything. */
  async stop(opts: StopOptions = {}): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.engine.stop(opts.drainMs ?? 5000);
    await Promise.all(this.servers.map((s) => close(s)));
  }

  /** The admin data without HTTP, for embedding (config dump, stats). */
  get admin(): AdminSource {
    return this.engine;
  }
}
