/**
 * A ConfigGenerator over configuration files: loads them (src/config), builds a snapshot and
 * generates per proxy through a Translation (the model/generate pipeline, plugged in by the caller),
 * and watches the paths: on a change it reloads, and only a configuration without errors replaces
 * the served one (a bad edit is reported and the last good configuration keeps being served).
 */
import { watch, type FSWatcher } from 'node:fs';
import { resourceKey, type Resource } from '../api/resource.ts';
import { formatDiagnostic } from '../config/diagnostic.ts';
import { loadPaths } from '../config/load.ts';
import type { ProxyResources } from '../envoy/types.ts';
import type { DiscoveryLog } from './connection-host.ts';
import type { ConfigChange, ConfigGenerator } from './generator.ts';
import type { ProxyInfo } from './proxy-info.ts';

/** The translation pipeline: resources → snapshot, (proxy, snapshot) → Envoy resources. */
export interface Translation<S> {
  build(resources: readonly Resource[]): S;
  generate(proxy: ProxyInfo, snapshot: S): ProxyResources;
}

export interface SnapshotGeneratorOptions<S> {
  paths: string[];
  translation: Translation<S>;
  log?: DiscoveryLog;
  /** Watch the paths and reload on change (default true). */
  watch?: boolean;
  /** Settle time after a file event before reloading (default 50 ms). */
  settleMs?: number;
}

function fingerprint(resources: readonly Resource[]): Map<string, string> {
  return new Map(resources.map((r) => [resourceKey(r), JSON.stringify([r.metadata.labels, r.metadata.annotations, r.body])]));
}

/** `Kind/ns/name` keys added, removed or changed between two loads. */
export function changedConfigs(before: Map<string, string>, after: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [k, v] of after) if (before.get(k) !== v) out.push(k);
  for (const k of before.keys()) if (!after.has(k)) out.push(k);
  return out.sort();
}

export class SnapshotGenerator<S> implements ConfigGenerator {
  readonly #opts: SnapshotGeneratorOptions<S>;
  readonly #listeners = new Set<(c: ConfigChange) => void>();
  readonly #log: DiscoveryLog;
  #snapshot: S;
  #fingerprint: Map<string, string>;
  #watchers: FSWatcher[] = [];
  #timer?: ReturnType<typeof setTimeout>;
  /** Number of resources served. */
  resourceCount = 0;

  /** Loads the paths; throws when the first load has errors (nothing good to serve yet). */
  constructor(opts: SnapshotGeneratorOptions<S>) {
    this.#opts = opts;
    this.#log = opts.log ?? (() => {});
    const first = this.#load();
    if (first.errors.length > 0) throw new Error(`configuration has errors:\n${first.errors.join('\n')}`);
    this.#snapshot = opts.translation.build(first.resources);
    this.#fingerprint = fingerprint(first.resources);
    this.resourceCount = first.resources.length;
    if (opts.watch !== false) this.#watch();
  }

  generate(proxy: ProxyInfo): ProxyResources {
    return this.#opts.translation.generate(proxy, this.#snapshot);
  }

  subscribe(onChange: (change: ConfigChange) => void): () => void {
    this.#listeners.add(onChange);
    return () => this.#listeners.delete(onChange);
  }

  #load(): { resources: Resource[]; errors: string[] } {
    const r = loadPaths(this.#opts.paths);
    for (const d of r.diagnostics) if (d.severity === 'Warning') this.#log('warn', formatDiagnostic(d));
    return { resources: r.resources, errors: r.diagnostics.filter((d) => d.severity === 'Error').map(formatDiagnostic) };
  }

  /** Reloads now; returns the changed configs ([] when nothing changed or the new config was rejected). */
  reload(): string[] {
    const next = this.#load();
    if (next.errors.length > 0) {
      this.#log('error', `configuration change rejected, still serving the previous one:\n${next.errors.join('\n')}`);
      return [];
    }
    const fp = fingerprint(next.resources);
    const changed = changedConfigs(this.#fingerprint, fp);
    if (changed.length === 0) return [];
    try {
      this.#snapshot = this.#opts.translation.build(next.resources);
    } catch (e) {
      this.#log('error', `configuration change rejected (snapshot build failed): ${(e as Error).message}`);
      return [];
    }
    this.#fingerprint = fp;
    this.resourceCount = next.resources.length;
    this.#log('info', `configuration changed: ${changed.join(', ')}`);
    for (const l of this.#listeners) l({ reason: 'config', configs: changed });
    return changed;
  }

  #watch(): void {
    for (const p of this.#opts.paths) {
      if (p === '-') continue;
      try {
        const w = watch(p, { recursive: true }, () => {
          clearTimeout(this.#timer);
          this.#timer = setTimeout(() => this.reload(), this.#opts.settleMs ?? 50);
        });
        w.on('error', (e) => this.#log('warn', `watching ${p}: ${e.message}`));
        this.#watchers.push(w);
      } catch (e) {
        this.#log('warn', `cannot watch ${p}: ${(e as Error).message}`);
      }
    }
  }

  close(): void {
    clearTimeout(this.#timer);
    for (const w of this.#watchers) w.close();
    this.#watchers = [];
  }
}
