/**
 * networking.istio.io ServiceEntry: adds a service to the mesh's registry — external APIs,
 * databases, VMs — with hosts, virtual addresses, ports, location, resolution and endpoints (or a
 * workload selector). Every field of istio/api networking/v1alpha3/service_entry.proto.
 */
import { enumOf, list, obj, required, str, stringList, stringMap, uint32, type Infer } from '../schema.ts';
import { workloadEntrySpec } from './workload-entry.ts';

export const SERVICE_ENTRY_LOCATIONS = ['MESH_EXTERNAL', 'MESH_INTERNAL'] as const;
export const SERVICE_ENTRY_RESOLUTIONS = ['NONE', 'STATIC', 'DNS', 'DNS_ROUND_ROBIN', 'DYNAMIC_DNS'] as const;

export const servicePort = obj(
  {
    number: required(uint32()),
    protocol: str(),
    name: required(str()),
    targetPort: uint32(),
  },
  { name: 'istio.networking.v1.ServicePort' },
);

/** istio.networking.v1.WorkloadSelector (note: `labels`, not `matchLabels`). */
export const serviceEntryWorkloadSelector = obj({ labels: stringMap }, { name: 'istio.networking.v1.WorkloadSelector' });

export const serviceEntrySpec = obj(
  {
    hosts: required(stringList),
    addresses: stringList,
    ports: list(servicePort),
    location: enumOf(SERVICE_ENTRY_LOCATIONS),
    resolution: enumOf(SERVICE_ENTRY_RESOLUTIONS),
    endpoints: list(workloadEntrySpec),
    workloadSelector: serviceEntryWorkloadSelector,
    exportTo: stringList,
    subjectAltNames: stringList,
  },
  { name: 'istio.networking.v1.ServiceEntry', oneof: [['endpoints', 'workloadSelector']] },
);

export type ServicePort = Infer<typeof servicePort>;
export type ServiceEntryWorkloadSelector = Infer<typeof serviceEntryWorkloadSelector>;
export type ServiceEntry = Infer<typeof serviceEntrySpec>;
