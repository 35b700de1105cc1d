/**
 * Builds a cluster's load balancer for its current priority set from the compiled LbConfig: the
 * zone-aware balancer with a round robin, least request or random picker, or the hashing balancer
 * with a ring or a maglev table. CLUSTER_PROVIDED (original destination) has no balancer here: the
 * cluster chooses its host itself.
 */
import type { RandomSource } from '../../common/random.ts';
import { HashingLoadBalancer } from './hashing-lb.ts';
import type { HostSet } from './host-set.ts';
import type { LbConfig } from './lb-config.ts';
import type { ClusterLoadBalancer, LbHost } from './lb-host.ts';
import { MaglevTable } from './maglev.ts';
import { leastRequestPicker, randomPicker, roundRobinPicker } from './pickers.ts';
import { Ring } from './ring-hash.ts';
import { ZoneAwareLoadBalancer, type BalancerOptions } from './zone-aware-lb.ts';

export function createLoadBalancer<H extends LbHost>(config: LbConfig, sets: readonly HostSet<H>[], random: RandomSource): ClusterLoadBalancer<H> {
  const o: BalancerOptions = { panicThreshold: config.panicThreshold, localityWeighted: config.localityWeighted, overprovisioningPercent: config.overprovisioningPercent, random };
  switch (config.policy) {
    case 'RING_HASH':
      return new HashingLoadBalancer(sets, (w) => new Ring(w, config.minRingSize, config.maxRingSize), o);
    case 'MAGLEV':
      return new HashingLoadBalancer(sets, (w) => new MaglevTable(w, config.tableSize), o);
    case 'LEAST_REQUEST':
      return new ZoneAwareLoadBalancer(sets, leastRequestPicker(config.choiceCount, config.activeRequestBias), o);
    case 'RANDOM':
      return new ZoneAwareLoadBalancer(sets, randomPicker, o);
    default:
      return new ZoneAwareLoadBalancer(sets, roundRobinPicker, o);
  }
}
