/**
 * Envoy's PrioritySet: a cluster's hosts grouped by priority and, within a priority, by locality
 * (one group per `LocalityLbEndpoints`, with its `loadBalancingWeight`), each with the subset of
 * healthy hosts (EDS health and not ejected by outlier detection). Rebuilt whenever membership or
 * health changes; load balancers are built over it.
 */

export interface HostPlacement<H> {
  readonly host: H;
  /** The `priority` of the host's LocalityLbEndpoints (0 is best). */
  readonly priority: number;
  /** Identifies the host's locality group within its priority. */
  readonly locality: string;
  /** The locality group's `loadBalancingWeight` (0 when unset). */
  readonly localityWeight: number;
}

export class HostSet<H> {
  readonly hosts: H[] = [];
  readonly healthy: H[] = [];
  readonly hostsPerLocality: H[][] = [];
  readonly healthyPerLocality: H[][] = [];
  readonly localityWeights: number[] = [];

  constructor(readonly priority: number) {}

  /** Appends a host to locality `index` (created on first use). */
  add(host: H, index: number, weight: number, healthy: boolean): void {
    while (this.hostsPerLocality.length <= index) {
      this.hostsPerLocality.push([]);
      this.healthyPerLocality.push([]);
      this.localityWeights.push(weight);
    }
    this.hosts.push(host);
    this.hostsPerLocality[index].push(host);
    if (healthy) {
      this.healthy.push(host);
      this.healthyPerLocality[index].push(host);
    }
  }
}

/** Groups hosts by priority (index = priority level; gaps are empty sets) and locality. */
export function buildPrioritySet<H>(placements: readonly HostPlacement<H>[], isHealthy: (h: H) => boolean): HostSet<H>[] {
  const sets: HostSet<H>[] = [];
  const localityIndex: Map<string, number>[] = [];
  for (const p of placements) {
    const level = Math.max(0, Math.floor(p.priority));
    while (sets.length <= level) {
      sets.push(new HostSet<H>(sets.length));
      localityIndex.push(new Map());
    }
    const indexes = localityIndex[level];
    let idx = indexes.get(p.locality);
    if (idx === undefined) {
      idx = indexes.size;
      indexes.set(p.locality, idx);
    }
    sets[level].add(p.host, idx, p.localityWeight, isHealthy(p.host));
  }
  return sets;
}
