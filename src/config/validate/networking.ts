/** Semantic validators of networking.istio.io kinds, by kind. */
import type { Validator } from './context.ts';
import { validateGateway } from './gateway.ts';
import { validateVirtualService } from './virtual-service.ts';
import { validateSidecar } from './sidecar.ts';
import { validateEnvoyFilter } from './envoy-filter.ts';
import { validateDestinationRule } from './destination-rule.ts';
import { validateServiceEntry } from './service-entry.ts';
import { validateWorkloadEntry } from './workload-entry.ts';
import { validateWorkloadGroup } from './workload-group.ts';
import { validateProxyConfig } from './proxy-config.ts';

export const NETWORKING_VALIDATORS: Record<string, Validator> = {
  Gateway: validateGateway as Validator,
  VirtualService: validateVirtualService as Validator,
  Sidecar: validateSidecar as Validator,
  EnvoyFilter: validateEnvoyFilter as Validator,
  DestinationRule: validateDestinationRule as Validator,
  ServiceEntry: validateServiceEntry as Validator,
  WorkloadEntry: validateWorkloadEntry as Validator,
  WorkloadGroup: validateWorkloadGroup as Validator,
  ProxyConfig: validateProxyConfig as Validator,
};
