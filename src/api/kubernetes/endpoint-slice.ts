/**
 * discovery.k8s.io/v1 EndpointSlice: a slice of a Service's endpoints of one address type, with
 * readiness conditions and topology (zone, node) used for locality load balancing.
 */
import { bool, enumOf, int, list, obj, required, str, stringList, stringMap, type Infer } from '../schema.ts';
import { DISCOVERY, k8sKind, objectReference, protocol } from './common.ts';

export const ADDRESS_TYPES = ['IPv4', 'IPv6', 'FQDN'] as const;

export const endpointConditions = obj({ ready: bool(), serving: bool(), terminating: bool() }, { name: 'EndpointConditions' });

export const endpointHints = obj(
  { forZones: list(obj({ name: required(str()) }, { name: 'ForZone' })), forNodes: list(obj({ name: required(str()) }, { name: 'ForNode' })) },
  { name: 'EndpointHints' },
);

export const sliceEndpoint = obj(
  {
    addresses: required(stringList),
    conditions: endpointConditions,
    hostname: str(),
    targetRef: objectReference,
    deprecatedTopology: stringMap,
    nodeName: str(),
    zone: str(),
    hints: endpointHints,
  },
  { name: 'Endpoint' },
);

export const sliceEndpointPort = obj(
  { name: str(), protocol, port: int(), appProtocol: str() },
  { name: 'EndpointPort' },
);

export const endpointSliceBody = obj(
  {
    addressType: required(enumOf(ADDRESS_TYPES)),
    endpoints: list(sliceEndpoint),
    ports: list(sliceEndpointPort),
  },
  { name: 'EndpointSlice' },
);

export const ENDPOINT_SLICE_KIND = k8sKind(DISCOVERY, 'EndpointSlice', 'endpointslices', ['v1'], true, endpointSliceBody);

export type AddressType = (typeof ADDRESS_TYPES)[number];
export type SliceEndpoint = Infer<typeof sliceEndpoint>;
export type SliceEndpointPort = Infer<typeof sliceEndpointPort>;
/** The body of an EndpointSlice resource: addressType, endpoints and ports. */
export type EndpointSlice = Infer<typeof endpointSliceBody>;
