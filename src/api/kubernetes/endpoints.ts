/**
 * core/v1 Endpoints: the addresses behind a Service, in subsets of addresses × ports. Strict,
 * because hand-written Endpoints (for selector-less Services) are where typos happen.
 */
import { int, list, obj, required, str, type Infer } from '../schema.ts';
import { CORE, k8sKind, objectReference, protocol } from './common.ts';

export const endpointAddress = obj(
  { ip: required(str()), hostname: str(), nodeName: str(), targetRef: objectReference },
  { name: 'EndpointAddress' },
);

export const endpointPort = obj(
  { name: str(), port: required(int()), protocol, appProtocol: str() },
  { name: 'EndpointPort' },
);

export const endpointSubset = obj(
  { addresses: list(endpointAddress), notReadyAddresses: list(endpointAddress), ports: list(endpointPort) },
  { name: 'EndpointSubset' },
);

export const endpointsBody = obj({ subsets: list(endpointSubset) }, { name: 'Endpoints' });

export const ENDPOINTS_KIND = k8sKind(CORE, 'Endpoints', 'endpoints', ['v1'], true, endpointsBody);

export type EndpointAddress = Infer<typeof endpointAddress>;
export type EndpointPort = Infer<typeof endpointPort>;
export type EndpointSubset = Infer<typeof endpointSubset>;
/** The body of an Endpoints resource: its subsets. */
export type Endpoints = Infer<typeof endpointsBody>;
