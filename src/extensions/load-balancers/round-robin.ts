/**
 * ROUND_ROBIN (Envoy's default policy) and RANDOM: the zone-aware balancer (priorities, panic,
 * locality weights) with a round robin picker — in turn from a random start, weighted by EDF when
 * endpoint weights differ — or a uniform random one (weights ignored, as in Envoy).
 */
import { TYPE_PREFIX } from '../../envoy/type-urls.ts';
import { randomPicker, roundRobinPicker } from '../../proxy/upstream/lb/pickers.ts';
import { ZoneAwareLoadBalancer } from '../../proxy/upstream/lb/zone-aware-lb.ts';
import type { LoadBalancerFactory } from '../api.ts';
import { loadBalancers } from '../registry.ts';
import { balancerOptions } from './options.ts';

export const roundRobinFactory: LoadBalancerFactory = {
  name: 'ROUND_ROBIN',
  typeUrls: [`${TYPE_PREFIX}envoy.extensions.load_balancing_policies.round_robin.v3.RoundRobin`],
  create: (config, sets, random) => new ZoneAwareLoadBalancer(sets, roundRobinPicker, balancerOptions(config, random)),
};

export const randomFactory: LoadBalancerFactory = {
  name: 'RANDOM',
  typeUrls: [`${TYPE_PREFIX}envoy.extensions.load_balancing_policies.random.v3.Random`],
  create: (config, sets, random) => new ZoneAwareLoadBalancer(sets, randomPicker, balancerOptions(config, random)),
};

loadBalancers.register(roundRobinFactory);
loadBalancers.register(randomFactory);
