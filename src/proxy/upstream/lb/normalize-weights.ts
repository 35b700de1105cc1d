/**
 * Normalized host weights for the hashing load balancers (Envoy's ThreadAwareLoadBalancerBase):
 * each host's weight over the sum of weights (of its priority's healthy hosts, or all hosts in
 * panic); with locality weighting, each locality's share is its weight over the sum of locality
 * weights and a locality with weight 0 contributes no hosts.
 */
import type { HostSet } from './host-set.ts';
import type { LbHost } from './lb-host.ts';

export interface NormalizedWeights<H> {
  readonly entries: [H, number][];
  readonly min: number;
  readonly max: number;
}

function normalizeHosts<H extends LbHost>(hosts: readonly H[], share: number, out: [H, number][]): void {
  let sum = 0;
  for (const h of hosts) sum += h.weight;
  for (const h of hosts) out.push([h, (h.weight * share) / sum]);
}

export function normalizeWeights<H extends LbHost>(set: HostSet<H>, inPanic: boolean, localityWeighted: boolean): NormalizedWeights<H> {
  const entries: [H, number][] = [];
  if (!localityWeighted || set.localityWeights.length === 0) {
    normalizeHosts(inPanic ? set.hosts : set.healthy, 1, entries);
  } else {
    const perLocality = inPanic ? set.hostsPerLocality : set.healthyPerLocality;
    const sum = set.localityWeights.reduce((s, w) => s + w, 0);
    if (sum > 0) {
      set.localityWeights.forEach((w, i) => {
        if (w !== 0) normalizeHosts(perLocality[i], w / sum, entries);
      });
    }
  }
  let min = 1;
  let max = 0;
  for (const [, w] of entries) {
    min = Math.min(min, w);
    max = Math.max(max, w);
  }
  return { entries, min, max };
}
