/** The balancer options every policy shares, from a cluster's compiled LbConfig. */
import type { RandomSource } from '../../proxy/common/random.ts';
import type { LbConfig } from '../../proxy/upstream/lb/lb-config.ts';
import type { BalancerOptions } from '../../proxy/upstream/lb/zone-aware-lb.ts';

export function balancerOptions(config: LbConfig, random: RandomSource): BalancerOptions {
  return { panicThreshold: config.panicThreshold, localityWeighted: config.localityWeighted, overprovisioningPercent: config.overprovisioningPercent, random };
}
