/**
 * networking.istio.io WorkloadEntry: a non-Kubernetes workload (a VM, a bare-metal host, a Unix
 * socket) described like a pod — address, ports by service port name, labels, network, locality,
 * weight and service account. The same message is a ServiceEntry endpoint and the WorkloadGroup
 * template. Every field of istio/api networking/v1alpha3/workload_entry.proto.
 */
import { map, obj, str, stringMap, uint32, type Infer } from '../schema.ts';

export const workloadEntrySpec = obj(
  {
    address: str(),
    ports: map(uint32()),
    labels: stringMap,
    network: str(),
    locality: str(),
    weight: uint32(),
    serviceAccount: str(),
  },
  { name: 'istio.networking.v1.WorkloadEntry' },
);

export type WorkloadEntry = Infer<typeof workloadEntrySpec>;
