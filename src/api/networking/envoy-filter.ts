/**
 * networking.istio.io/v1alpha3 EnvoyFilter: patches to the Envoy configuration Istio generates —
 * which object (applyTo), where (match: context, proxy, listener / routeConfiguration / cluster /
 * waypoint) and how (patch: operation, value, filterClass). Every field of istio/api
 * networking/v1alpha3/envoy_filter.proto, proto3 JSON names.
 */
import { any, enumOf, int, list, obj, required, str, stringMap, uint32, type Infer } from '../schema.ts';
import { workloadSelector } from './sidecar.ts';

export const APPLY_TO = [
  'INVALID',
  'LISTENER',
  'FILTER_CHAIN',
  'NETWORK_FILTER',
  'HTTP_FILTER',
  'ROUTE_CONFIGURATION',
  'VIRTUAL_HOST',
  'HTTP_ROUTE',
  'CLUSTER',
  'EXTENSION_CONFIG',
  'BOOTSTRAP',
  'LISTENER_FILTER',
] as const;
export const PATCH_CONTEXTS = ['ANY', 'SIDECAR_INBOUND', 'SIDECAR_OUTBOUND', 'GATEWAY', 'WAYPOINT'] as const;
export const PATCH_OPERATIONS = ['INVALID', 'MERGE', 'ADD', 'REMOVE', 'INSERT_BEFORE', 'INSERT_AFTER', 'INSERT_FIRST', 'REPLACE', 'MERGE_AND_REPLACE_LIST'] as const;
export const FILTER_CLASSES = ['UNSPECIFIED', 'AUTHN', 'AUTHZ', 'STATS'] as const;
export const ROUTE_ACTIONS = ['ANY', 'ROUTE', 'REDIRECT', 'DIRECT_RESPONSE'] as const;

export type ApplyTo = (typeof APPLY_TO)[number];
export type PatchContext = (typeof PATCH_CONTEXTS)[number];
export type PatchOperation = (typeof PATCH_OPERATIONS)[number];

function named(name: string) {
  return obj({ name: str() }, { name });
}

export const proxyMatch = obj({ proxyVersion: str(), metadata: stringMap }, { name: 'istio.networking.v1alpha3.EnvoyFilter.ProxyMatch' });

export const clusterMatch = obj(
  { portNumber: uint32(), service: str(), subset: str(), name: str() },
  { name: 'istio.networking.v1alpha3.EnvoyFilter.ClusterMatch' },
);

export const routeMatch = obj(
  { name: str(), action: enumOf(ROUTE_ACTIONS) },
  { name: 'istio.networking.v1alpha3.EnvoyFilter.RouteConfigurationMatch.RouteMatch' },
);

export const virtualHostMatch = obj(
  { name: str(), domainName: str(), route: routeMatch },
  { name: 'istio.networking.v1alpha3.EnvoyFilter.RouteConfigurationMatch.VirtualHostMatch' },
);

export const routeConfigurationMatch = obj(
  { portNumber: uint32(), portName: str(), gateway: str(), vhost: virtualHostMatch, name: str() },
  { name: 'istio.networking.v1alpha3.EnvoyFilter.RouteConfigurationMatch' },
);

export const filterMatch = obj(
  { name: str(), subFilter: named('istio.networking.v1alpha3.EnvoyFilter.ListenerMatch.SubFilterMatch') },
  { name: 'istio.networking.v1alpha3.EnvoyFilter.ListenerMatch.FilterMatch' },
);

export const filterChainMatch = obj(
  {
    name: str(),
    sni: str(),
    transportProtocol: str(),
    applicationProtocols: str(),
    filter: filterMatch,
    destinationPort: uint32(),
  },
  { name: 'istio.networking.v1alpha3.EnvoyFilter.ListenerMatch.FilterChainMatch' },
);

export const listenerMatch = obj(
  { portNumber: uint32(), portName: str(), filterChain: filterChainMatch, listenerFilter: str(), name: str() },
  { name: 'istio.networking.v1alpha3.EnvoyFilter.ListenerMatch' },
);

export const waypointMatch = obj(
  {
    portNumber: uint32(),
    route: named('istio.networking.v1alpha3.EnvoyFilter.WaypointMatch.RouteMatch'),
    filter: obj(
      { name: str(), subFilter: named('istio.networking.v1alpha3.EnvoyFilter.WaypointMatch.FilterMatch.SubFilterMatch') },
      { name: 'istio.networking.v1alpha3.EnvoyFilter.WaypointMatch.FilterMatch' },
    ),
  },
  { name: 'istio.networking.v1alpha3.EnvoyFilter.WaypointMatch' },
);

export const envoyConfigObjectMatch = obj(
  {
    context: enumOf(PATCH_CONTEXTS),
    proxy: proxyMatch,
    listener: listenerMatch,
    routeConfiguration: routeConfigurationMatch,
    cluster: clusterMatch,
    waypoint: waypointMatch,
  },
  { name: 'istio.networking.v1alpha3.EnvoyFilter.EnvoyConfigObjectMatch', oneof: [['listener', 'routeConfiguration', 'cluster', 'waypoint']] },
);

export const patch = obj(
  {
    operation: enumOf(PATCH_OPERATIONS),
    /** google.protobuf.Struct: any JSON object, checked against Envoy's types by the generator. */
    value: any(),
    filterClass: enumOf(FILTER_CLASSES),
  },
  { name: 'istio.networking.v1alpha3.EnvoyFilter.Patch' },
);

export const envoyConfigObjectPatch = obj(
  {
    applyTo: enumOf(APPLY_TO),
    match: envoyConfigObjectMatch,
    patch,
  },
  { name: 'istio.networking.v1alpha3.EnvoyFilter.EnvoyConfigObjectPatch' },
);

/** istio.type.v1beta1.PolicyTargetReference. */
export const policyTargetReference = obj(
  { group: str(), kind: required(str()), name: required(str()), namespace: str() },
  { name: 'istio.type.v1beta1.PolicyTargetReference' },
);

export const envoyFilterSpec = obj(
  {
    workloadSelector,
    targetRefs: list(policyTargetReference),
    configPatches: list(envoyConfigObjectPatch),
    priority: int({ min: -2147483648, max: 2147483647 }),
  },
  { name: 'istio.networking.v1alpha3.EnvoyFilter' },
);

export type ProxyMatch = Infer<typeof proxyMatch>;
export type ClusterMatch = Infer<typeof clusterMatch>;
export type RouteConfigurationMatch = Infer<typeof routeConfigurationMatch>;
export type ListenerMatch = Infer<typeof listenerMatch>;
export type WaypointMatch = Infer<typeof waypointMatch>;
export type EnvoyConfigObjectMatch = Infer<typeof envoyConfigObjectMatch>;
export type Patch = Infer<typeof patch>;
export type EnvoyConfigObjectPatch = Infer<typeof envoyConfigObjectPatch>;
export type PolicyTargetReference = Infer<typeof policyTargetReference>;
export type EnvoyFilter = Infer<typeof envoyFilterSpec>;
