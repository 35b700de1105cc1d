/**
 * The load balancer for ROUND_ROBIN, LEAST_REQUEST and RANDOM (Envoy's ZoneAwareLoadBalancerBase
 * with EdfLoadBalancerBase): choose a priority by its load; in panic, balance over all of that
 * priority's hosts; with `localityWeightedLbConfig`, choose a locality by EDF over its weight
 * scaled by its healthy share (× overprovisioning, capped at 1) and balance within it; otherwise
 * balance over the priority's healthy hosts. The retry host predicate may reject a pick up to
 * `hostSelectionRetryCount` times (the last pick stands).
 */
import { randomInt, type RandomSource } from '../../common/random.ts';
import { EdfScheduler } from './edf-scheduler.ts';
import type { HostSet } from './host-set.ts';
import type { ClusterLoadBalancer, HostPicker, LbContext, LbHost } from './lb-host.ts';
import type { PickerFactory } from './pickers.ts';
import { choosePriority, computePriorityLoad, type PriorityLoad } from './priority-load.ts';

export interface BalancerOptions {
  /** `commonLbConfig.healthyPanicThreshold` in percent (Envoy's default 50; 0 disables panic). */
  readonly panicThreshold: number;
  /** `commonLbConfig.localityWeightedLbConfig` is set. */
  readonly localityWeighted: boolean;
  /** The ClusterLoadAssignment's overprovisioning factor in percent (default 140). */
  readonly overprovisioningPercent: number;
  readonly random: RandomSource;
}

/** Effective locality weights: weight × min(1, overprovisioning × healthy / total). */
export function effectiveLocalityWeights<H>(set: HostSet<H>, overprovisioningPercent: number): number[] {
  return set.localityWeights.map((w, i) => {
    const total = set.hostsPerLocality[i].length;
    if (total === 0) return 0;
    const availability = Math.min(1, ((overprovisioningPercent / 100) * set.healthyPerLocality[i].length) / total);
    return w * availability;
  });
}

export class ZoneAwareLoadBalancer<H extends LbHost> implements ClusterLoadBalancer<H> {
  readonly priorityLoad: PriorityLoad;
  private readonly pickers = new Map<readonly H[], HostPicker<H>>();
  private readonly localities: (LocalityChooser | undefined)[];

  constructor(
    private readonly sets: readonly HostSet<H>[],
    private readonly factory: PickerFactory,
    private readonly o: BalancerOptions,
  ) {
    this.priorityLoad = computePriorityLoad(
      sets.map((s) => ({ total: s.hosts.length, healthy: s.healthy.length })),
      o.panicThreshold,
      o.overprovisioningPercent,
    );
    this.localities = sets.map((s) => (o.localityWeighted ? localityScheduler(s, o.overprovisioningPercent) : undefined));
  }

  chooseHost(ctx: LbContext<H> | undefined): H | undefined {
    const attempts = (ctx?.hostSelectionRetryCount ?? 0) + 1;
    let host: H | undefined;
    for (let i = 0; i < attempts; i++) {
      host = this.chooseOnce();
      if (!host || !ctx?.shouldSelectAnotherHost?.(host)) return host;
    }
    return host;
  }

  /** The host list the next pick comes from (a priority's healthy or all hosts, or one locality's). */
  private source(): readonly H[] | undefined {
    if (this.sets.length === 0) return undefined;
    const p = choosePriority(randomInt(this.o.random, 100) + 1, this.priorityLoad.load);
    const set = this.sets[p];
    if (this.priorityLoad.panic[p]) return set.hosts;
    const chooser = this.localities[p];
    if (chooser) {
      const locality = chooser.scheduler.pickAndAdd(chooser.weightOf);
      if (locality !== undefined) return set.healthyPerLocality[locality];
    }
    return set.healthy;
  }

  private chooseOnce(): H | undefined {
    const hosts = this.source();
    if (!hosts || hosts.length === 0) return undefined;
    let picker = this.pickers.get(hosts);
    if (!picker) {
      picker = this.factory(hosts, this.o.random);
      this.pickers.set(hosts, picker);
    }
    return picker.pick();
  }
}

interface LocalityChooser {
  readonly scheduler: EdfScheduler<number>;
  readonly weightOf: (index: number) => number;
}

function localityScheduler<H>(set: HostSet<H>, overprovisioningPercent: number): LocalityChooser | undefined {
  const weights = effectiveLocalityWeights(set, overprovisioningPercent);
  if (!weights.some((w) => w > 0)) return undefined;
  const scheduler = new EdfScheduler<number>();
  weights.forEach((w, i) => scheduler.add(w, i));
  return { scheduler, weightOf: (i) => weights[i] };
}
