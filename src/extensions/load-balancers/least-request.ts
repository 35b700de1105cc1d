/**
 * LEAST_REQUEST (what Istio generates by default, and for LEAST_CONN): power of `choiceCount`
 * (default 2) random choices keeping the host with the fewest active requests; with unequal
 * endpoint weights, EDF over weight / (active requests + 1).
 */
import { TYPE_PREFIX } from '../../envoy/type-urls.ts';
import { leastRequestPicker } from '../../proxy/upstream/lb/pickers.ts';
import { ZoneAwareLoadBalancer } from '../../proxy/upstream/lb/zone-aware-lb.ts';
import type { LoadBalancerFactory } from '../api.ts';
import { loadBalancers } from '../registry.ts';
import { balancerOptions } from './options.ts';

export const leastRequestFactory: LoadBalancerFactory = {
  name: 'LEAST_REQUEST',
  typeUrls: [`${TYPE_PREFIX}envoy.extensions.load_balancing_policies.least_request.v3.LeastRequest`],
  create: (config, sets, random) => new ZoneAwareLoadBalancer(sets, leastRequestPicker(config.choiceCount, config.activeRequestBias), balancerOptions(config, random)),
};

loadBalancers.register(leastRequestFactory);
