/** networking.istio.io kinds. */
import type { KindInfo } from '../kind.ts';
import { istioKind, NETWORKING, networkingKind } from '../istio-kinds.ts';
import { gatewaySpec } from './gateway.ts';
import { virtualServiceSpec } from './virtual-service.ts';
import { sidecarSpec } from './sidecar.ts';
import { envoyFilterSpec } from './envoy-filter.ts';
import { destinationRuleSpec } from './destination-rule.ts';
import { serviceEntrySpec } from './service-entry.ts';
import { workloadEntrySpec } from './workload-entry.ts';
import { workloadGroupSpec } from './workload-group.ts';
import { proxyConfigSpec } from './proxy-config.ts';

export const NETWORKING_KINDS: KindInfo[] = [
  networkingKind('Gateway', 'gateways', gatewaySpec),
  networkingKind('VirtualService', 'virtualservices', virtualServiceSpec),
  networkingKind('Sidecar', 'sidecars', sidecarSpec),
  istioKind(NETWORKING, 'EnvoyFilter', 'envoyfilters', ['v1alpha3'], envoyFilterSpec),
  networkingKind('DestinationRule', 'destinationrules', destinationRuleSpec),
  networkingKind('ServiceEntry', 'serviceentries', serviceEntrySpec),
  networkingKind('WorkloadEntry', 'workloadentries', workloadEntrySpec),
  networkingKind('WorkloadGroup', 'workloadgroups', workloadGroupSpec),
  istioKind(NETWORKING, 'ProxyConfig', 'proxyconfigs', ['v1beta1'], proxyConfigSpec),
];
