/**
 * The per-host-list pickers behind Envoy's ROUND_ROBIN, LEAST_REQUEST and RANDOM policies.
 * Round robin walks the list from a random start, or with differing endpoint weights runs the EDF
 * scheduler (weighted round robin) after a random number of warm-up picks so proxies do not move
 * in lockstep. Least request samples `choiceCount` random hosts and keeps the one with the fewest
 * active requests (power of two choices by default), or with differing weights schedules by
 * `weight / (active + 1)^bias`. Random picks uniformly and ignores weights, as Envoy does.
 */
import { randomInt, type RandomSource } from '../../common/random.ts';
import { EdfScheduler } from './edf-scheduler.ts';
import { weightsAreEqual, type HostPicker, type LbHost } from './lb-host.ts';

export type PickerFactory = <H extends LbHost>(hosts: readonly H[], random: RandomSource) => HostPicker<H>;

const NONE: HostPicker<never> = { pick: () => undefined };

class RoundRobinPicker<H> implements HostPicker<H> {
  private next: number;
  constructor(private readonly hosts: readonly H[], random: RandomSource) {
    this.next = randomInt(random, hosts.length);
  }
  pick(): H | undefined {
    const h = this.hosts[this.next];
    this.next = this.next + 1 === this.hosts.length ? 0 : this.next + 1;
    return h;
  }
}

class EdfPicker<H extends LbHost> implements HostPicker<H> {
  private readonly scheduler = new EdfScheduler<H>();
  constructor(hosts: readonly H[], private readonly weightOf: (h: H) => number, warmUpPicks: number) {
    for (const h of hosts) this.scheduler.add(weightOf(h), h);
    for (let i = 0; i < warmUpPicks; i++) this.pick();
  }
  pick(): H | undefined {
    return this.scheduler.pickAndAdd(this.weightOf);
  }
}

const staticWeight = (h: LbHost): number => h.weight;

export const roundRobinPicker: PickerFactory = (hosts, random) => {
  if (hosts.length === 0) return NONE;
  if (weightsAreEqual(hosts)) return new RoundRobinPicker(hosts, random);
  return new EdfPicker(hosts, staticWeight, randomInt(random, hosts.length));
};

class PowerOfChoicesPicker<H extends LbHost> implements HostPicker<H> {
  constructor(private readonly hosts: readonly H[], private readonly choices: number, private readonly random: RandomSource) {}
  pick(): H | undefined {
    const n = this.hosts.length;
    let best = this.hosts[randomInt(this.random, n)];
    for (let i = 1; i < this.choices; i++) {
      const sampled = this.hosts[randomInt(this.random, n)];
      if (sampled.rqActive < best.rqActive) best = sampled;
    }
    return best;
  }
}

/** LEAST_REQUEST with `leastRequestLbConfig.choiceCount` (default 2) and active request bias (default 1). */
export function leastRequestPicker(choiceCount = 2, activeRequestBias = 1): PickerFactory {
  const weightOf = (h: LbHost): number => h.weight / Math.pow(h.rqActive + 1, activeRequestBias);
  return (hosts, random) => {
    if (hosts.length === 0) return NONE;
    if (weightsAreEqual(hosts)) return new PowerOfChoicesPicker(hosts, choiceCount, random);
    return new EdfPicker(hosts, weightOf, 0);
  };
}

class RandomPicker<H> implements HostPicker<H> {
  constructor(private readonly hosts: readonly H[], private readonly random: RandomSource) {}
  pick(): H | undefined {
    return this.hosts[randomInt(this.random, this.hosts.length)];
  }
}

export const randomPicker: PickerFactory = (hosts, random) => (hosts.length === 0 ? NONE : new RandomPicker(hosts, random));
