/**
 * `concurrency: N`: N worker processes (node:cluster, so they share every listening socket) each
 * running the same proxy runtime and applying the same bundle. The supervisor fans applies out,
 * answers admin queries by merging its workers' stats (identical series summed), forwards access
 * log lines for a callback sink, and replaces a worker that dies with one fed the last bundle.
 */
import cluster, { type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';
import type { ProxyResources } from '../../envoy/types.ts';
import { configDump, ResourceVersions } from '../admin/config-dump.ts';
import type { AdminSource } from '../admin/admin-source.ts';
import type { ApplyResult, BoundListener } from '../apply-result.ts';
import type { ResolvedOptions } from '../options.ts';
import type { FromWorker, ToWorker, WorkerOptions } from './messages.ts';

const ENTRY = fileURLToPath(new URL('./worker-main.ts', import.meta.url));

function tsxImport(): string[] {
  if (process.execArgv.some((a) => a.includes('tsx'))) return [];
  try {
    return ['--import', import.meta.resolve('tsx')];
  } catch {
    return ['--import', 'tsx'];
  }
}

/** Sums Prometheus/Envoy text lines with the same series name and labels. */
export function mergeSeries(texts: string[], separator: string): string {
  const order: string[] = [];
  const sums = new Map<string, number>();
  const literal = new Set<string>();
  for (const t of texts) {
    for (const line of t.split('\n')) {
      if (line === '') continue;
      const i = line.lastIndexOf(separator);
      const value = i > 0 ? Number(line.slice(i + separator.length)) : NaN;
      if (line.startsWith('#') || i < 0 || Number.isNaN(value)) {
        if (!literal.has(line)) {
          literal.add(line);
          order.push(line);
        }
        continue;
      }
      const key = line.slice(0, i);
      if (!sums.has(key)) order.push(key);
      sums.set(key, (sums.get(key) ?? 0) + value);
    }
  }
  return order.map((k) => (literal.has(k) ? k : `${k}${separator}${sums.get(k)}`)).join('\n') + '\n';
}

export class WorkerSupervisor implements AdminSource {
  private readonly workers = new Set<Worker>();
  private nextId = 1;
  private readonly waiting = new Map<number, { need: number; got: unknown[]; done: (v: unknown[]) => void }>();
  private lastAccepted: ProxyResources | undefined;
  private lastResult: ApplyResult | undefined;
  private version = 0;
  private readonly versions = new ResourceVersions();
  private stopping = false;

  constructor(private readonly options: ResolvedOptions) {}

  private workerOptions(): WorkerOptions {
    const o = this.options;
    return {
      portOffset: o.portOffset,
      bindAddress: o.bindAddress,
      accessLog: typeof o.accessLog === 'function' ? 'ipc' : o.accessLog,
      serverName: o.serverName,
      drainMs: o.drainMs,
      identity: { ...o.identity },
    };
  }

  async start(): Promise<void> {
    const inherited = process.execArgv.filter((a) => !a.startsWith('--test') && !a.startsWith('--cpu-prof') && !a.startsWith('--inspect'));
    cluster.setupPrimary({ exec: ENTRY, execArgv: [...inherited, ...tsxImport()], silent: false });
    await Promise.all(Array.from({ length: this.options.concurrency }, () => this.fork()));
  }

  private fork(): Promise<void> {
    const w = cluster.fork();
    this.workers.add(w);
    return new Promise((resolve, reject) => {
      w.on('message', (m: FromWorker) => {
        if (m.type === 'loaded') w.send({ type: 'init', options: this.workerOptions() } satisfies ToWorker);
        else if (m.type === 'started') resolve();
        else this.onMessage(m);
      });
      w.once('exit', (code) => {
        this.workers.delete(w);
        reject(new Error(`proxy worker exited with code ${code}`));
        if (!this.stopping) void this.replace();
      });
    });
  }

  private async replace(): Promise<void> {
    this.options.log('a proxy worker died; starting a replacement');
    await this.fork().catch(() => undefined);
    if (this.lastAccepted) await this.broadcast<ApplyResult>({ type: 'apply', id: 0, resources: this.lastAccepted }, 1);
  }

  private onMessage(m: FromWorker): void {
    if (m.type === 'access-log') {
      if (typeof this.options.accessLog === 'function') this.options.accessLog(m.line);
    } else if (m.type === 'log') {
      this.options.log(m.message);
    } else if (m.type === 'applied' || m.type === 'answer') {
      const w = this.waiting.get(m.id);
      if (!w) return;
      w.got.push(m.type === 'applied' ? m.result : m.text);
      if (w.got.length >= w.need) {
        this.waiting.delete(m.id);
        w.done(w.got);
      }
    }
  }

  private broadcast<T>(msg: ToWorker & { id: number }, limit = Infinity): Promise<T[]> {
    const id = this.nextId++;
    const targets = [...this.workers].slice(0, limit);
    if (targets.length === 0) return Promise.resolve([]);
    return new Promise((resolve) => {
      this.waiting.set(id, { need: targets.length, got: [], done: (v) => resolve(v as T[]) });
      for (const w of targets) w.send({ ...msg, id });
    });
  }

  async apply(resources: ProxyResources): Promise<ApplyResult> {
    const results = await this.broadcast<ApplyResult>({ type: 'apply', id: 0, resources });
    const failed = results.filter((r) => !r.accepted);
    if (results.length === 0) return { accepted: false, version: this.version, errors: ['no proxy workers are running'], warnings: [], listeners: [] };
    if (failed.length > 0) {
      const errors = [...new Set(failed.flatMap((r) => r.errors))];
      return { accepted: false, version: this.version, errors, warnings: results[0].warnings, listeners: this.lastResult?.listeners ?? [] };
    }
    this.version++;
    this.lastAccepted = resources;
    this.lastResult = { ...results[0], version: this.version };
    this.versions.record(resources, this.version, new Date().toISOString());
    return this.lastResult;
  }

  boundListeners(): BoundListener[] {
    return this.lastResult?.listeners ?? [];
  }

  async stop(drainMs: number): Promise<void> {
    this.stopping = true;
    const exits = [...this.workers].map((w) => new Promise<void>((resolve) => w.once('exit', () => resolve())));
    for (const w of this.workers) w.send({ type: 'stop', drainMs } satisfies ToWorker);
    const timer = setTimeout(() => {
      for (const w of this.workers) w.process.kill();
    }, drainMs + 5000);
    await Promise.all(exits);
    clearTimeout(timer);
  }

  ready(): boolean {
    return this.version > 0 && !this.stopping;
  }

  configDump(query: URLSearchParams): unknown {
    return configDump(this.lastAccepted, this.versions, this.version, { node: { id: this.options.identity.workload ?? 'sextant-proxy' } }, query.has('include_eds'));
  }

  async statsText(): Promise<string> {
    return mergeSeries(await this.broadcast<string>({ type: 'query', id: 0, what: 'stats' }), ': ');
  }

  async prometheusText(): Promise<string> {
    return mergeSeries(await this.broadcast<string>({ type: 'query', id: 0, what: 'prometheus' }), ' ');
  }

  async clustersText(): Promise<string> {
    return mergeSeries(await this.broadcast<string>({ type: 'query', id: 0, what: 'clusters' }), '::');
  }

  listenersText(): string {
    return this.boundListeners().map((l) => `${l.name}::${l.address}:${l.port}`).join('\n') + '\n';
  }

  serverInfo(): unknown {
    return { version: 'sextant', state: this.ready() ? 'LIVE' : 'PRE_INITIALIZING', command_line_options: { concurrency: this.options.concurrency }, workers: this.workers.size };
  }
}
