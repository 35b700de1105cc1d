/**
 * Envoy v3 resources as proto3 JSON (camelCase), the subset Sextant generates and its proxy
 * consumes. These are the exact objects served over xDS and shown by `sextant proxy-config`;
 * `typedConfig` values carry their `@type` URL. Optional fields follow proto3: absent = default.
 * Conversion to and from protobuf happens in envoy/proto.ts.
 */

export type Duration = string; // proto3 JSON duration, e.g. "0s", "1.500s"
export type UInt32Value = number;
export type BoolValue = boolean;

export interface Any {
  '@type': string;
  [field: string]: unknown;
}

export interface Struct {
  [key: string]: unknown;
}

export interface Metadata {
  filterMetadata?: Record<string, Struct>;
}

// ---------- core ----------

export interface SocketAddress {
  address: string;
  portValue?: number;
  protocol?: 'TCP' | 'UDP';
  ipv4Compat?: boolean;
}

export interface Address {
  socketAddress?: SocketAddress;
  pipe?: { path: string };
}

export interface TransportSocket {
  name: string;
  typedConfig?: Any;
}

export interface HeaderValue {
  key: string;
  value?: string;
}

export interface HeaderValueOption {
  header: HeaderValue;
  /** APPEND_IF_EXISTS_OR_ADD (default), ADD_IF_ABSENT, OVERWRITE_IF_EXISTS_OR_ADD, OVERWRITE_IF_EXISTS */
  appendAction?: 'APPEND_IF_EXISTS_OR_ADD' | 'ADD_IF_ABSENT' | 'OVERWRITE_IF_EXISTS_OR_ADD' | 'OVERWRITE_IF_EXISTS';
  keepEmptyValue?: boolean;
  /** Deprecated form of appendAction: false = OVERWRITE_IF_EXISTS_OR_ADD. */
  append?: boolean;
}

export interface RuntimeFractionalPercent {
  defaultValue: FractionalPercent;
  runtimeKey?: string;
}

export interface FractionalPercent {
  numerator?: number;
  denominator?: 'HUNDRED' | 'TEN_THOUSAND' | 'MILLION';
}

/** config.core.v3.RuntimeDouble: a double with an optional runtime override key. */
export interface RuntimeDouble {
  defaultValue: number;
  runtimeKey?: string;
}

export interface Percent {
  value?: number;
}

export interface Locality {
  region?: string;
  zone?: string;
  subZone?: string;
}

export interface Node {
  id?: string;
  cluster?: string;
  metadata?: Struct;
  locality?: Locality;
  userAgentName?: string;
  userAgentVersion?: string;
}

export interface ConfigSource {
  ads?: Record<string, never>;
  resourceApiVersion?: 'V3';
  initialFetchTimeout?: Duration;
}

// ---------- matchers ----------

export interface RegexMatcher {
  regex: string;
  googleRe2?: Record<string, never>;
}

export interface StringMatcher {
  exact?: string;
  prefix?: string;
  suffix?: string;
  contains?: string;
  safeRegex?: RegexMatcher;
  ignoreCase?: boolean;
}

// ---------- listeners ----------

export interface Listener {
  name: string;
  address: Address;
  filterChains?: FilterChain[];
  defaultFilterChain?: FilterChain;
  listenerFilters?: ListenerFilter[];
  listenerFiltersTimeout?: Duration;
  continueOnListenerFiltersTimeout?: boolean;
  useOriginalDst?: boolean;
  bindToPort?: boolean;
  trafficDirection?: 'UNSPECIFIED' | 'INBOUND' | 'OUTBOUND';
  accessLog?: AccessLog[];
  metadata?: Metadata;
  perConnectionBufferLimitBytes?: number;
  drainType?: 'DEFAULT' | 'MODIFY_ONLY';
  /** Proxyless gRPC clients: an HttpConnectionManager with no socket (Istio's `GENERATOR: grpc`). */
  apiListener?: { apiListener: Any };
}

export interface ListenerFilter {
  name: string; // envoy.filters.listener.tls_inspector, envoy.filters.listener.http_inspector, envoy.filters.listener.original_dst
  typedConfig?: Any;
}

export interface CidrRange {
  addressPrefix: string;
  prefixLen?: number;
}

export interface FilterChainMatch {
  destinationPort?: number;
  prefixRanges?: CidrRange[];
  sourcePrefixRanges?: CidrRange[];
  sourcePorts?: number[];
  serverNames?: string[];
  transportProtocol?: string; // "tls" | "raw_buffer"
  applicationProtocols?: string[];
}

export interface FilterChain {
  name?: string;
  filterChainMatch?: FilterChainMatch;
  filters: Filter[];
  transportSocket?: TransportSocket;
  metadata?: Metadata;
}

export interface Filter {
  name: string; // envoy.filters.network.http_connection_manager, envoy.filters.network.tcp_proxy, ...
  typedConfig?: Any;
}

export interface AccessLog {
  name: string; // envoy.access_loggers.file, envoy.access_loggers.stream
  typedConfig?: Any;
}

/** envoy.extensions.access_loggers.file.v3.FileAccessLog */
export interface FileAccessLog {
  '@type'?: string;
  path: string;
  logFormat?: {
    textFormatSource?: { inlineString: string };
    jsonFormat?: Struct;
    omitEmptyValues?: boolean;
  };
}

// ---------- HTTP connection manager ----------

export interface HttpConnectionManager {
  '@type'?: string;
  statPrefix: string;
  codecType?: 'AUTO' | 'HTTP1' | 'HTTP2' | 'HTTP3';
  rds?: { configSource: ConfigSource; routeConfigName: string };
  routeConfig?: RouteConfiguration;
  httpFilters?: HttpFilter[];
  serverName?: string;
  serverHeaderTransformation?: 'OVERWRITE' | 'APPEND_IF_ABSENT' | 'PASS_THROUGH';
  useRemoteAddress?: boolean;
  xffNumTrustedHops?: number;
  skipXffAppend?: boolean;
  generateRequestId?: boolean;
  preserveExternalRequestId?: boolean;
  forwardClientCertDetails?: 'SANITIZE' | 'FORWARD_ONLY' | 'APPEND_FORWARD' | 'SANITIZE_SET' | 'ALWAYS_FORWARD_ONLY';
  setCurrentClientCertDetails?: { subject?: boolean; cert?: boolean; chain?: boolean; dns?: boolean; uri?: boolean };
  upgradeConfigs?: { upgradeType: string; enabled?: boolean }[];
  httpProtocolOptions?: { acceptHttp10?: boolean; defaultHostForHttp10?: string; allowChunkedLength?: boolean };
  http2ProtocolOptions?: { maxConcurrentStreams?: number; initialStreamWindowSize?: number; initialConnectionWindowSize?: number };
  commonHttpProtocolOptions?: { idleTimeout?: Duration; maxConnectionDuration?: Duration; maxHeadersCount?: number; headersWithUnderscoresAction?: 'ALLOW' | 'REJECT_REQUEST' | 'DROP_HEADER'; maxRequestsPerConnection?: number };
  streamIdleTimeout?: Duration;
  requestTimeout?: Duration;
  requestHeadersTimeout?: Duration;
  drainTimeout?: Duration;
  delayedCloseTimeout?: Duration;
  normalizePath?: boolean;
  mergeSlashes?: boolean;
  pathWithEscapedSlashesAction?: string;
  maxRequestHeadersKb?: number;
  accessLog?: AccessLog[];
  tracing?: { randomSampling?: Percent; clientSampling?: Percent; overallSampling?: Percent; customTags?: unknown[]; provider?: { name: string; typedConfig?: Any } };
  localReplyConfig?: unknown;
  internalAddressConfig?: { unixSockets?: boolean; cidrRanges?: CidrRange[] };
  stripAnyHostPort?: boolean;
  stripMatchingHostPort?: boolean;
}

export interface HttpFilter {
  name: string; // envoy.filters.http.router, envoy.filters.http.fault, envoy.filters.http.cors, ...
  typedConfig?: Any;
  isOptional?: boolean;
  disabled?: boolean;
}

// ---------- routes ----------

export interface RouteConfiguration {
  name: string;
  virtualHosts?: VirtualHost[];
  validateClusters?: boolean;
  requestHeadersToAdd?: HeaderValueOption[];
  requestHeadersToRemove?: string[];
  responseHeadersToAdd?: HeaderValueOption[];
  responseHeadersToRemove?: string[];
  maxDirectResponseBodySizeBytes?: number;
  ignorePortInHostMatching?: boolean;
}

export interface VirtualHost {
  name: string;
  domains: string[];
  routes?: Route[];
  requireTls?: 'NONE' | 'EXTERNAL_ONLY' | 'ALL';
  requestHeadersToAdd?: HeaderValueOption[];
  requestHeadersToRemove?: string[];
  responseHeadersToAdd?: HeaderValueOption[];
  responseHeadersToRemove?: string[];
  retryPolicy?: RetryPolicy;
  includeRequestAttemptCount?: boolean;
  includeAttemptCountInResponse?: boolean;
  typedPerFilterConfig?: Record<string, Any>;
  /** Deprecated virtual-host CORS policy (newer configs use typedPerFilterConfig). */
  cors?: CorsPolicy;
}

export interface Route {
  name?: string;
  match: RouteMatch;
  route?: RouteAction;
  redirect?: RedirectAction;
  directResponse?: DirectResponseAction;
  metadata?: Metadata;
  decorator?: { operation: string; propagate?: boolean };
  typedPerFilterConfig?: Record<string, Any>;
  requestHeadersToAdd?: HeaderValueOption[];
  requestHeadersToRemove?: string[];
  responseHeadersToAdd?: HeaderValueOption[];
  responseHeadersToRemove?: string[];
  /** Bytes of request body buffered (for retries, mirroring) before the route gives up buffering. */
  perRequestBufferLimitBytes?: number;
}

export interface RouteMatch {
  prefix?: string;
  path?: string;
  safeRegex?: RegexMatcher;
  pathSeparatedPrefix?: string;
  caseSensitive?: boolean;
  headers?: HeaderMatcher[];
  queryParameters?: QueryParameterMatcher[];
  runtimeFraction?: RuntimeFractionalPercent;
  grpc?: Record<string, never>;
  tlsContext?: { presented?: boolean; validated?: boolean };
}

export interface HeaderMatcher {
  name: string;
  exactMatch?: string; // deprecated form; prefer stringMatch
  safeRegexMatch?: RegexMatcher;
  prefixMatch?: string;
  suffixMatch?: string;
  containsMatch?: string;
  rangeMatch?: { start: string | number; end: string | number };
  presentMatch?: boolean;
  stringMatch?: StringMatcher;
  invertMatch?: boolean;
  treatMissingHeaderAsEmpty?: boolean;
}

export interface QueryParameterMatcher {
  name: string;
  stringMatch?: StringMatcher;
  presentMatch?: boolean;
}

export interface WeightedCluster {
  clusters: { name: string; weight: number; requestHeadersToAdd?: HeaderValueOption[]; requestHeadersToRemove?: string[]; responseHeadersToAdd?: HeaderValueOption[]; responseHeadersToRemove?: string[]; hostRewriteLiteral?: string }[];
  totalWeight?: number;
}

export interface RetryPolicy {
  retryOn?: string;
  numRetries?: number;
  perTryTimeout?: Duration;
  perTryIdleTimeout?: Duration;
  retryHostPredicate?: { name: string; typedConfig?: Any }[];
  hostSelectionRetryMaxAttempts?: string | number;
  retriableStatusCodes?: number[];
  retriableHeaders?: HeaderMatcher[];
  retriableRequestHeaders?: HeaderMatcher[];
  retryBackOff?: { baseInterval: Duration; maxInterval?: Duration };
}

export interface HashPolicy {
  header?: { headerName: string };
  cookie?: { name: string; ttl?: Duration; path?: string };
  connectionProperties?: { sourceIp: boolean };
  queryParameter?: { name: string };
  filterState?: { key: string };
  terminal?: boolean;
}

export interface RequestMirrorPolicy {
  cluster: string;
  runtimeFraction?: RuntimeFractionalPercent;
  traceSampled?: boolean;
}

export interface CorsPolicy {
  allowOriginStringMatch?: StringMatcher[];
  allowMethods?: string;
  allowHeaders?: string;
  exposeHeaders?: string;
  maxAge?: string;
  allowCredentials?: boolean;
  filterEnabled?: RuntimeFractionalPercent;
  shadowEnabled?: RuntimeFractionalPercent;
  allowPrivateNetworkAccess?: boolean;
  forwardNotMatchingPreflights?: boolean;
}

export interface RouteAction {
  cluster?: string;
  clusterHeader?: string;
  weightedClusters?: WeightedCluster;
  clusterNotFoundResponseCode?: 'SERVICE_UNAVAILABLE' | 'NOT_FOUND' | 'INTERNAL_SERVER_ERROR';
  prefixRewrite?: string;
  regexRewrite?: { pattern: RegexMatcher; substitution: string };
  hostRewriteLiteral?: string;
  autoHostRewrite?: boolean;
  timeout?: Duration;
  idleTimeout?: Duration;
  retryPolicy?: RetryPolicy;
  requestMirrorPolicies?: RequestMirrorPolicy[];
  hashPolicy?: HashPolicy[];
  cors?: CorsPolicy;
  maxGrpcTimeout?: Duration;
  grpcTimeoutOffset?: Duration;
  maxStreamDuration?: { maxStreamDuration?: Duration; grpcTimeoutHeaderMax?: Duration };
  upgradeConfigs?: { upgradeType: string; enabled?: boolean }[];
  internalRedirectPolicy?: unknown;
  priority?: 'DEFAULT' | 'HIGH';
}

export interface RedirectAction {
  httpsRedirect?: boolean;
  schemeRedirect?: string;
  hostRedirect?: string;
  portRedirect?: number;
  pathRedirect?: string;
  prefixRewrite?: string;
  regexRewrite?: { pattern: RegexMatcher; substitution: string };
  /** MOVED_PERMANENTLY (301, default), FOUND (302), SEE_OTHER (303), TEMPORARY_REDIRECT (307), PERMANENT_REDIRECT (308) */
  responseCode?: 'MOVED_PERMANENTLY' | 'FOUND' | 'SEE_OTHER' | 'TEMPORARY_REDIRECT' | 'PERMANENT_REDIRECT';
  stripQuery?: boolean;
}

export interface DirectResponseAction {
  status: number;
  body?: { inlineString?: string; inlineBytes?: string; filename?: string };
}

/** envoy.extensions.filters.http.fault.v3.HTTPFault (per-route config or filter config). */
export interface HTTPFault {
  '@type'?: string;
  delay?: { fixedDelay?: Duration; percentage?: FractionalPercent };
  abort?: { httpStatus?: number; grpcStatus?: number; percentage?: FractionalPercent };
  maxActiveFaults?: number;
}

// ---------- TCP proxy ----------

export interface TcpProxy {
  '@type'?: string;
  statPrefix: string;
  cluster?: string;
  weightedClusters?: { clusters: { name: string; weight: number }[] };
  idleTimeout?: Duration;
  maxConnectAttempts?: number;
  accessLog?: AccessLog[];
}

// ---------- clusters ----------

export interface Cluster {
  name: string;
  type?: 'STATIC' | 'STRICT_DNS' | 'LOGICAL_DNS' | 'EDS' | 'ORIGINAL_DST';
  edsClusterConfig?: { edsConfig?: ConfigSource; serviceName?: string };
  loadAssignment?: ClusterLoadAssignment;
  connectTimeout?: Duration;
  lbPolicy?: 'ROUND_ROBIN' | 'LEAST_REQUEST' | 'RING_HASH' | 'RANDOM' | 'MAGLEV' | 'CLUSTER_PROVIDED' | 'LOAD_BALANCING_POLICY_CONFIG';
  ringHashLbConfig?: { minimumRingSize?: string | number; maximumRingSize?: string | number; hashFunction?: 'XX_HASH' | 'MURMUR_HASH_2' };
  maglevLbConfig?: { tableSize?: string | number };
  leastRequestLbConfig?: { choiceCount?: number; activeRequestBias?: RuntimeDouble };
  /** ORIGINAL_DST clusters: take the destination from `x-envoy-original-dst-host` instead of the socket. */
  originalDstLbConfig?: { useHttpHeader?: boolean; httpHeaderName?: string };
  commonLbConfig?: {
    healthyPanicThreshold?: Percent;
    localityWeightedLbConfig?: Record<string, never>;
    zoneAwareLbConfig?: unknown;
  };
  circuitBreakers?: { thresholds?: CircuitBreakerThresholds[] };
  outlierDetection?: OutlierDetection;
  transportSocket?: TransportSocket;
  transportSocketMatches?: { name: string; match?: Struct; transportSocket: TransportSocket }[];
  typedExtensionProtocolOptions?: Record<string, Any>;
  upstreamConnectionOptions?: { tcpKeepalive?: { keepaliveProbes?: number; keepaliveTime?: number; keepaliveInterval?: number } };
  dnsLookupFamily?: 'AUTO' | 'V4_ONLY' | 'V6_ONLY' | 'V4_PREFERRED' | 'ALL';
  dnsRefreshRate?: Duration;
  respectDnsTtl?: boolean;
  cleanupInterval?: Duration;
  altStatName?: string;
  metadata?: Metadata;
  filters?: Filter[];
  perConnectionBufferLimitBytes?: number;
  maxRequestsPerConnection?: number;
  /** Deprecated: HTTP/2 to the upstream (newer configs use typedExtensionProtocolOptions). */
  http2ProtocolOptions?: Record<string, unknown>;
}

export interface CircuitBreakerThresholds {
  priority?: 'DEFAULT' | 'HIGH';
  maxConnections?: number;
  maxPendingRequests?: number;
  maxRequests?: number;
  maxRetries?: number;
  maxConnectionPools?: number;
  trackRemaining?: boolean;
}

export interface OutlierDetection {
  consecutive5xx?: number;
  consecutiveGatewayFailure?: number;
  consecutiveLocalOriginFailure?: number;
  interval?: Duration;
  baseEjectionTime?: Duration;
  maxEjectionTime?: Duration;
  maxEjectionTimeJitter?: Duration;
  maxEjectionPercent?: number;
  alwaysEjectOneHost?: boolean;
  enforcingConsecutive5xx?: number;
  enforcingConsecutiveGatewayFailure?: number;
  enforcingConsecutiveLocalOriginFailure?: number;
  enforcingSuccessRate?: number;
  splitExternalLocalOriginErrors?: boolean;
}

/** envoy.extensions.upstreams.http.v3.HttpProtocolOptions */
export interface HttpProtocolOptions {
  '@type'?: string;
  commonHttpProtocolOptions?: { idleTimeout?: Duration; maxRequestsPerConnection?: number; maxConnectionDuration?: Duration };
  explicitHttpConfig?: { httpProtocolOptions?: Record<string, unknown>; http2ProtocolOptions?: { maxConcurrentStreams?: number } };
  useDownstreamProtocolConfig?: { httpProtocolOptions?: Record<string, unknown>; http2ProtocolOptions?: Record<string, unknown> };
  autoConfig?: unknown;
}

// ---------- endpoints ----------

export interface ClusterLoadAssignment {
  clusterName: string;
  endpoints?: LocalityLbEndpoints[];
  policy?: { overprovisioningFactor?: number; dropOverloads?: unknown[] };
}

export interface LocalityLbEndpoints {
  locality?: Locality;
  lbEndpoints?: LbEndpoint[];
  loadBalancingWeight?: number;
  priority?: number;
}

export interface LbEndpoint {
  endpoint?: { address: Address; hostname?: string; healthCheckConfig?: unknown };
  healthStatus?: 'UNKNOWN' | 'HEALTHY' | 'UNHEALTHY' | 'DRAINING' | 'TIMEOUT' | 'DEGRADED';
  metadata?: Metadata;
  loadBalancingWeight?: number;
}

// ---------- TLS and secrets ----------

export interface DataSource {
  filename?: string;
  inlineBytes?: string; // base64
  inlineString?: string;
  environmentVariable?: string;
}

export interface TlsCertificate {
  certificateChain?: DataSource;
  privateKey?: DataSource;
}

export interface CertificateValidationContext {
  trustedCa?: DataSource;
  crl?: DataSource;
  matchSubjectAltNames?: StringMatcher[];
  matchTypedSubjectAltNames?: { sanType: 'DNS' | 'URI' | 'EMAIL' | 'IP_ADDRESS' | 'OTHER_NAME'; matcher: StringMatcher }[];
  verifyCertificateSpki?: string[];
  verifyCertificateHash?: string[];
  trustChainVerification?: 'VERIFY_TRUST_CHAIN' | 'ACCEPT_UNTRUSTED';
}

export interface SdsSecretConfig {
  name: string;
  sdsConfig?: ConfigSource;
}

export interface TlsParameters {
  tlsMinimumProtocolVersion?: 'TLS_AUTO' | 'TLSv1_0' | 'TLSv1_1' | 'TLSv1_2' | 'TLSv1_3';
  tlsMaximumProtocolVersion?: 'TLS_AUTO' | 'TLSv1_0' | 'TLSv1_1' | 'TLSv1_2' | 'TLSv1_3';
  cipherSuites?: string[];
  ecdhCurves?: string[];
}

export interface CommonTlsContext {
  tlsParams?: TlsParameters;
  tlsCertificates?: TlsCertificate[];
  tlsCertificateSdsSecretConfigs?: SdsSecretConfig[];
  validationContext?: CertificateValidationContext;
  validationContextSdsSecretConfig?: SdsSecretConfig;
  combinedValidationContext?: { defaultValidationContext: CertificateValidationContext; validationContextSdsSecretConfig: SdsSecretConfig };
  alpnProtocols?: string[];
}

/** envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext */
export interface DownstreamTlsContext {
  '@type'?: string;
  commonTlsContext?: CommonTlsContext;
  requireClientCertificate?: boolean;
  requireSni?: boolean;
}

/** envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext */
export interface UpstreamTlsContext {
  '@type'?: string;
  commonTlsContext?: CommonTlsContext;
  sni?: string;
  allowRenegotiation?: boolean;
}

/** envoy.extensions.transport_sockets.tls.v3.Secret */
export interface Secret {
  name: string;
  tlsCertificate?: TlsCertificate;
  validationContext?: CertificateValidationContext;
}

// ---------- the bundle served to one proxy ----------

/** Everything one proxy is sent: the unit `proxy-config` shows and the proxy applies atomically. */
export interface ProxyResources {
  listeners: Listener[];
  routes: RouteConfiguration[];
  clusters: Cluster[];
  endpoints: ClusterLoadAssignment[];
  secrets: Secret[];
}
