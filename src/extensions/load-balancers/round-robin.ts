/**
 * ROUND_ROBIN (Envoy's default policy): hosts in turn from a random start; when endpoint weights
 * differ, smooth weighted round robin so each host gets its share without bursts. RANDOM is
 * registered here too, as a uniform pick.
 */
import { TYPE_PREFIX } from '../../envoy/type-urls.ts';
import type { Host } from '../../proxy/upstream/host.ts';
import type { LbContext, LoadBalancer, LoadBalancerFactory } from '../api.ts';
import { loadBalancers } from '../registry.ts';

class RoundRobin implements LoadBalancer {
  private next: number;
  constructor(private readonly hosts: readonly Host[]) {
    this.next = hosts.length > 0 ? Math.floor(Math.random() * hosts.length) : 0;
  }
  chooseHost(ctx: LbContext | undefined): Host | undefined {
    const n = this.hosts.length;
    if (n === 0) return undefined;
    for (let tries = 0; tries < n; tries++) {
      const h = this.hosts[this.next];
      this.next = this.next + 1 === n ? 0 : this.next + 1;
      if (!ctx?.previousHosts || !ctx.previousHosts.includes(h) || tries === n - 1) return h;
    }
    return undefined;
  }
}

class SmoothWeighted implements LoadBalancer {
  private readonly current: number[];
  private readonly total: number;
  constructor(private readonly hosts: readonly Host[]) {
    this.current = hosts.map(() => 0);
    this.total = hosts.reduce((s, h) => s + h.weight, 0);
  }
  chooseHost(ctx: LbContext | undefined): Host | undefined {
    let best = -1;
    for (let i = 0; i < this.hosts.length; i++) {
      this.current[i] += this.hosts[i].weight;
      if (ctx?.previousHosts?.includes(this.hosts[i]) && this.hosts.length > 1) continue;
      if (best < 0 || this.current[i] > this.current[best]) best = i;
    }
    if (best < 0) return undefined;
    this.current[best] -= this.total;
    return this.hosts[best];
  }
}

class RandomLb implements LoadBalancer {
  constructor(private readonly hosts: readonly Host[]) {}
  chooseHost(): Host | undefined {
    return this.hosts.length === 0 ? undefined : this.hosts[Math.floor(Math.random() * this.hosts.length)];
  }
}

export const roundRobinFactory: LoadBalancerFactory = {
  name: 'ROUND_ROBIN',
  typeUrls: [`${TYPE_PREFIX}envoy.extensions.load_balancing_policies.round_robin.v3.RoundRobin`],
  create(hosts) {
    const weighted = hosts.some((h) => h.weight !== hosts[0].weight);
    return weighted ? new SmoothWeighted(hosts) : new RoundRobin(hosts);
  },
};

export const randomFactory: LoadBalancerFactory = {
  name: 'RANDOM',
  typeUrls: [`${TYPE_PREFIX}envoy.extensions.load_balancing_policies.random.v3.Random`],
  create: (hosts) => new RandomLb(hosts),
};

loadBalancers.register(roundRobinFactory);
loadBalancers.register(randomFactory);
