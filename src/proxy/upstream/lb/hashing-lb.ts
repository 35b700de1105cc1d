/**
 * The load balancer for RING_HASH and MAGLEV (Envoy's ThreadAwareLoadBalancerBase): one table per
 * priority, built over that priority's healthy hosts (all hosts in panic) with normalized,
 * optionally locality-weighted, weights. The request hash (random when the route has no hash
 * policy or none applied) picks the priority (`hash mod 100 + 1`) and then the host; the retry host
 * predicate asks the table again with an increasing attempt number.
 */
import { random64 } from '../../common/random.ts';
import type { HostSet } from './host-set.ts';
import type { ClusterLoadBalancer, LbContext, LbHost } from './lb-host.ts';
import { normalizeWeights, type NormalizedWeights } from './normalize-weights.ts';
import { choosePriority, computePriorityLoad, type PriorityLoad } from './priority-load.ts';
import type { BalancerOptions } from './zone-aware-lb.ts';

/** A consistent hashing table (a ring or a maglev table) over one priority. */
export interface HashTable<H> {
  chooseHost(hash: bigint, attempt: number): H | undefined;
}

export type HashTableFactory = <H extends LbHost>(weights: NormalizedWeights<H>) => HashTable<H>;

export class HashingLoadBalancer<H extends LbHost> implements ClusterLoadBalancer<H> {
  readonly priorityLoad: PriorityLoad;
  readonly tables: HashTable<H>[];

  constructor(sets: readonly HostSet<H>[], factory: HashTableFactory, private readonly o: BalancerOptions) {
    this.priorityLoad = computePriorityLoad(
      sets.map((s) => ({ total: s.hosts.length, healthy: s.healthy.length })),
      o.panicThreshold,
      o.overprovisioningPercent,
    );
    this.tables = sets.map((s, p) => factory(normalizeWeights(s, this.priorityLoad.panic[p], o.localityWeighted)));
  }

  chooseHost(ctx: LbContext<H> | undefined): H | undefined {
    if (this.tables.length === 0) return undefined;
    const hash = ctx?.hashKey ?? random64(this.o.random);
    const table = this.tables[choosePriority(Number(hash % 100n) + 1, this.priorityLoad.load)];
    const attempts = (ctx?.hostSelectionRetryCount ?? 0) + 1;
    let host: H | undefined;
    for (let i = 0; i < attempts; i++) {
      host = table.chooseHost(hash, i);
      if (!host || !ctx?.shouldSelectAnotherHost?.(host)) break;
    }
    return host;
  }
}
