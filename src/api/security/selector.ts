/**
 * istio.type.v1beta1 WorkloadSelector and PolicyTargetReference: how security and telemetry
 * policies pick the workloads they apply to (pod labels) or the resources they attach to
 * (Gateway, GatewayClass, Service, ServiceEntry). Every field of istio/api type/v1beta1/selector.proto.
 */
import { list, obj, required, str, stringMap, type Infer } from '../schema.ts';

export const workloadSelector = obj({ matchLabels: stringMap }, { name: 'istio.type.v1beta1.WorkloadSelector' });

export const policyTargetReference = obj(
  {
    group: str(),
    kind: required(str()),
    name: required(str()),
    namespace: str(),
  },
  { name: 'istio.type.v1beta1.PolicyTargetReference' },
);

export const policyTargetReferences = list(policyTargetReference);

/** `selector.matchLabels`: the pod labels a policy applies to. */
export type WorkloadSelector = Infer<typeof workloadSelector>;
/** A resource a policy attaches to: `group`, `kind`, `name` (same namespace only). */
export type PolicyTargetReference = Infer<typeof policyTargetReference>;
