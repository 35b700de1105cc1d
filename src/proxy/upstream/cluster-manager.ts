/**
 * All live clusters by name. A new configuration is prepared beside the current one (unchanged
 * clusters reused as they are, endpoint-only changes applied in place at commit, DNS resolved
 * before the swap), then committed in one synchronous step; removed clusters drain.
 */
import type { ClusterSpec } from './cluster-spec.ts';
import { ClusterStats } from './cluster-stats.ts';
import { DEFAULT_CLUSTER_ENV, UpstreamCluster, type ClusterEnv } from './upstream-cluster.ts';

export interface PreparedClusters {
  next: Map<string, UpstreamCluster>;
  endpointUpdates: [UpstreamCluster, ClusterSpec][];
  created: UpstreamCluster[];
}

const DNS_WAIT_MS = 5000;

export class ClusterManager {
  private clusters = new Map<string, UpstreamCluster>();
  private readonly statsByName = new Map<string, ClusterStats>();
  private readonly sweeper: NodeJS.Timeout;
  /** Called for every cluster that becomes live (the metrics layer pre-resolves labels). */
  onClusterCreated: (c: UpstreamCluster) => void = () => {};

  constructor(private readonly env: ClusterEnv = DEFAULT_CLUSTER_ENV) {
    this.sweeper = setInterval(() => {
      const now = Date.now();
      for (const c of this.clusters.values()) c.sweep(now);
    }, 1000);
    this.sweeper.unref();
  }

  get(name: string): UpstreamCluster | undefined {
    return this.clusters.get(name);
  }

  all(): UpstreamCluster[] {
    return [...this.clusters.values()];
  }

  stats(): Map<string, ClusterStats> {
    return this.statsByName;
  }

  async prepare(specs: ClusterSpec[]): Promise<PreparedClusters> {
    const next = new Map<string, UpstreamCluster>();
    const endpointUpdates: [UpstreamCluster, ClusterSpec][] = [];
    const created: UpstreamCluster[] = [];
    const starting: Promise<void>[] = [];
    for (const spec of specs) {
      const old = this.clusters.get(spec.name);
      if (old && old.spec.configKey === spec.configKey) {
        next.set(spec.name, old);
        if (old.spec.endpointsKey !== spec.endpointsKey) endpointUpdates.push([old, spec]);
        continue;
      }
      let stats = this.statsByName.get(spec.name);
      if (!stats) {
        stats = new ClusterStats();
        this.statsByName.set(spec.name, stats);
      }
      const c = new UpstreamCluster(spec, stats, this.env);
      this.onClusterCreated(c);
      created.push(c);
      next.set(spec.name, c);
      starting.push(c.start());
    }
    await Promise.race([Promise.allSettled(starting), new Promise((r) => setTimeout(r, DNS_WAIT_MS).unref())]);
    return { next, endpointUpdates, created };
  }

  commit(p: PreparedClusters): void {
    const previous = this.clusters;
    this.clusters = p.next;
    for (const [c, spec] of p.endpointUpdates) c.updateEndpoints(spec);
    for (const [name, c] of previous) if (p.next.get(name) !== c) c.drain();
  }

  abort(p: PreparedClusters): void {
    for (const c of p.created) c.destroy();
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const c of this.clusters.values()) c.destroy();
    this.clusters = new Map();
  }
}
