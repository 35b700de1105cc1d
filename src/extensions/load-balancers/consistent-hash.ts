/**
 * RING_HASH and MAGLEV: consistent hashing over the request hash the route's hash policies compute
 * (random when none applies), one ring (minimumRingSize points, xxHash64 of `address_i`) or one
 * maglev table (prime tableSize, 65537 by default) per priority.
 */
import { TYPE_PREFIX } from '../../envoy/type-urls.ts';
import { HashingLoadBalancer } from '../../proxy/upstream/lb/hashing-lb.ts';
import { MaglevTable } from '../../proxy/upstream/lb/maglev.ts';
import { Ring } from '../../proxy/upstream/lb/ring-hash.ts';
import type { LoadBalancerFactory } from '../api.ts';
import { loadBalancers } from '../registry.ts';
import { balancerOptions } from './options.ts';

export const ringHashFactory: LoadBalancerFactory = {
  name: 'RING_HASH',
  typeUrls: [`${TYPE_PREFIX}envoy.extensions.load_balancing_policies.ring_hash.v3.RingHash`],
  create: (config, sets, random) => new HashingLoadBalancer(sets, (w) => new Ring(w, config.minRingSize, config.maxRingSize), balancerOptions(config, random)),
};

export const maglevFactory: LoadBalancerFactory = {
  name: 'MAGLEV',
  typeUrls: [`${TYPE_PREFIX}envoy.extensions.load_balancing_policies.maglev.v3.Maglev`],
  create: (config, sets, random) => new HashingLoadBalancer(sets, (w) => new MaglevTable(w, config.tableSize), balancerOptions(config, random)),
};

loadBalancers.register(ringHashFactory);
loadBalancers.register(maglevFactory);
