/**
 * networking.istio.io VirtualService: how requests for a set of hosts are routed — HTTP routes
 * (match, route, redirect, directResponse, delegate, rewrite, retries, fault, mirror, CORS,
 * headers), TLS routes by SNI and TCP routes by port. Every field of istio/api
 * networking/v1alpha3/virtual_service.proto (shared by v1 and v1beta1), proto3 JSON names.
 */
import { bool, deprecated, duration, enumOf, int, list, map, num, obj, required, str, stringList, stringMap, uint32, type Infer } from '../schema.ts';

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** `{value: double}`: a percentage 0..100 (istio.networking.v1.Percent). */
export const percent = obj({ value: num() }, { name: 'istio.networking.v1.Percent' });

export const portSelector = obj({ number: uint32() }, { name: 'istio.networking.v1.PortSelector' });

export const destination = obj(
  {
    host: required(str()),
    subset: str(),
    port: portSelector,
  },
  { name: 'istio.networking.v1.Destination' },
);

export const stringMatch = obj(
  {
    exact: str(),
    prefix: str(),
    regex: str(),
  },
  { name: 'istio.networking.v1.StringMatch', oneof: [['exact', 'prefix', 'regex']] },
);

export const headerOperations = obj(
  {
    set: stringMap,
    add: stringMap,
    remove: stringList,
  },
  { name: 'istio.networking.v1.Headers.HeaderOperations' },
);

export const headers = obj(
  {
    request: headerOperations,
    response: headerOperations,
  },
  { name: 'istio.networking.v1.Headers' },
);

export const httpMatchRequest = obj(
  {
    name: str(),
    uri: stringMatch,
    scheme: stringMatch,
    method: stringMatch,
    authority: stringMatch,
    headers: map(stringMatch),
    port: uint32(),
    sourceLabels: stringMap,
    gateways: stringList,
    queryParams: map(stringMatch),
    ignoreUriCase: bool(),
    withoutHeaders: map(stringMatch),
    sourceNamespace: str(),
    statPrefix: str(),
  },
  { name: 'istio.networking.v1.HTTPMatchRequest' },
);

export const httpRouteDestination = obj(
  {
    destination: required(destination),
    weight: int({ min: -2147483648, max: 2147483647 }),
    headers,
  },
  { name: 'istio.networking.v1.HTTPRouteDestination' },
);

export const routeDestination = obj(
  {
    destination: required(destination),
    weight: int({ min: -2147483648, max: 2147483647 }),
  },
  { name: 'istio.networking.v1.RouteDestination' },
);

export const REDIRECT_PORT_SELECTIONS = ['FROM_PROTOCOL_DEFAULT', 'FROM_REQUEST_PORT'] as const;

export const httpRedirect = obj(
  {
    uri: str(),
    authority: str(),
    port: uint32(),
    derivePort: enumOf(REDIRECT_PORT_SELECTIONS),
    scheme: str(),
    redirectCode: uint32(),
    prefixRewrite: str(),
  },
  { name: 'istio.networking.v1.HTTPRedirect', oneof: [['port', 'derivePort']] },
);

export const httpBody = obj(
  {
    string: str(),
    bytes: str({ pattern: BASE64, patternHint: 'is not base64: write the body as base64, or use "string" for text' }),
  },
  { name: 'istio.networking.v1.HTTPBody', oneof: [['string', 'bytes']] },
);

export const httpDirectResponse = obj(
  {
    status: required(uint32()),
    body: httpBody,
  },
  { name: 'istio.networking.v1.HTTPDirectResponse' },
);

export const delegate = obj(
  {
    name: str(),
    namespace: str(),
  },
  { name: 'istio.networking.v1.Delegate' },
);

export const regexRewrite = obj(
  {
    match: str(),
    rewrite: str(),
  },
  { name: 'istio.networking.v1.RegexRewrite' },
);

export const httpRewrite = obj(
  {
    uri: str(),
    authority: str(),
    uriRegexRewrite: regexRewrite,
  },
  { name: 'istio.networking.v1.HTTPRewrite' },
);

export const httpRetry = obj(
  {
    attempts: int({ min: -2147483648, max: 2147483647 }),
    perTryTimeout: duration(),
    retryOn: str(),
    retryRemoteLocalities: bool(),
    retryIgnorePreviousHosts: bool(),
    backoff: duration(),
  },
  { name: 'istio.networking.v1.HTTPRetry' },
);

export const UNMATCHED_PREFLIGHTS = ['UNSPECIFIED', 'FORWARD', 'IGNORE'] as const;

export const corsPolicy = obj(
  {
    allowOrigin: deprecated(stringList, 'use allowOrigins (a list of StringMatch: exact, prefix or regex)'),
    allowOrigins: list(stringMatch),
    allowMethods: stringList,
    allowHeaders: stringList,
    exposeHeaders: stringList,
    maxAge: duration(),
    allowCredentials: bool(),
    unmatchedPreflights: enumOf(UNMATCHED_PREFLIGHTS),
  },
  { name: 'istio.networking.v1.CorsPolicy' },
);

export const delay = obj(
  {
    percent: deprecated(int({ min: -2147483648, max: 2147483647 }), 'use percentage (a double: {value: 0..100})'),
    fixedDelay: duration(),
    exponentialDelay: duration(),
    percentage: percent,
  },
  { name: 'istio.networking.v1.HTTPFaultInjection.Delay', oneof: [['fixedDelay', 'exponentialDelay']] },
);

export const abort = obj(
  {
    httpStatus: int({ min: -2147483648, max: 2147483647 }),
    grpcStatus: str(),
    http2Error: str(),
    percentage: percent,
  },
  { name: 'istio.networking.v1.HTTPFaultInjection.Abort', oneof: [['httpStatus', 'grpcStatus', 'http2Error']] },
);

export const httpFaultInjection = obj({ delay, abort }, { name: 'istio.networking.v1.HTTPFaultInjection' });

export const httpMirrorPolicy = obj(
  {
    destination: required(destination),
    percentage: percent,
  },
  { name: 'istio.networking.v1.HTTPMirrorPolicy' },
);

export const httpRoute = obj(
  {
    name: str(),
    match: list(httpMatchRequest),
    route: list(httpRouteDestination),
    redirect: httpRedirect,
    directResponse: httpDirectResponse,
    delegate,
    rewrite: httpRewrite,
    timeout: duration(),
    retries: httpRetry,
    fault: httpFaultInjection,
    mirror: destination,
    mirrors: list(httpMirrorPolicy),
    mirrorPercent: deprecated(uint32(), 'use mirrorPercentage (a double: {value: 0..100})'),
    mirrorPercentage: percent,
    corsPolicy,
    headers,
  },
  { name: 'istio.networking.v1.HTTPRoute' },
);

export const tlsMatchAttributes = obj(
  {
    sniHosts: required(stringList),
    destinationSubnets: stringList,
    port: uint32(),
    sourceLabels: stringMap,
    gateways: stringList,
    sourceNamespace: str(),
  },
  { name: 'istio.networking.v1.TLSMatchAttributes' },
);

export const l4MatchAttributes = obj(
  {
    destinationSubnets: stringList,
    port: uint32(),
    sourceSubnet: str(),
    sourceLabels: stringMap,
    gateways: stringList,
    sourceNamespace: str(),
  },
  { name: 'istio.networking.v1.L4MatchAttributes' },
);

export const tlsRoute = obj(
  {
    match: required(list(tlsMatchAttributes)),
    route: list(routeDestination),
  },
  { name: 'istio.networking.v1.TLSRoute' },
);

export const tcpRoute = obj(
  {
    match: list(l4MatchAttributes),
    route: list(routeDestination),
  },
  { name: 'istio.networking.v1.TCPRoute' },
);

export const virtualServiceSpec = obj(
  {
    hosts: stringList,
    gateways: stringList,
    http: list(httpRoute),
    tls: list(tlsRoute),
    tcp: list(tcpRoute),
    exportTo: stringList,
  },
  { name: 'istio.networking.v1.VirtualService' },
);

export type Percent = Infer<typeof percent>;
export type PortSelector = Infer<typeof portSelector>;
export type Destination = Infer<typeof destination>;
export type StringMatch = Infer<typeof stringMatch>;
export type HeaderOperations = Infer<typeof headerOperations>;
export type Headers = Infer<typeof headers>;
export type HTTPMatchRequest = Infer<typeof httpMatchRequest>;
export type HTTPRouteDestination = Infer<typeof httpRouteDestination>;
export type RouteDestination = Infer<typeof routeDestination>;
export type HTTPRedirect = Infer<typeof httpRedirect>;
export type HTTPBody = Infer<typeof httpBody>;
export type HTTPDirectResponse = Infer<typeof httpDirectResponse>;
export type Delegate = Infer<typeof delegate>;
export type RegexRewrite = Infer<typeof regexRewrite>;
export type HTTPRewrite = Infer<typeof httpRewrite>;
export type HTTPRetry = Infer<typeof httpRetry>;
export type CorsPolicy = Infer<typeof corsPolicy>;
export type HTTPFaultInjectionDelay = Infer<typeof delay>;
export type HTTPFaultInjectionAbort = Infer<typeof abort>;
export type HTTPFaultInjection = Infer<typeof httpFaultInjection>;
export type HTTPMirrorPolicy = Infer<typeof httpMirrorPolicy>;
export type HTTPRoute = Infer<typeof httpRoute>;
export type TLSMatchAttributes = Infer<typeof tlsMatchAttributes>;
export type L4MatchAttributes = Infer<typeof l4MatchAttributes>;
export type TLSRoute = Infer<typeof tlsRoute>;
export type TCPRoute = Infer<typeof tcpRoute>;
export type VirtualService = Infer<typeof virtualServiceSpec>;
