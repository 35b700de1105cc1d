/**
 * networking.istio.io DestinationRule: what happens to traffic after routing — load balancing,
 * connection pools, outlier detection, client TLS, tunnelling, PROXY protocol and retry budgets —
 * for a host, per port and per subset. Every field of istio/api networking/v1alpha3/
 * destination_rule.proto (shared by v1, v1beta1 and v1alpha3), with proto3 JSON names.
 */
import { bool, deprecated, duration, enumOf, int, list, map, num, obj, required, str, stringList, stringMap, uint32, type Infer } from '../schema.ts';
import { portSelector } from './virtual-service.ts';

const int32 = (): ReturnType<typeof int> => int({ min: -2147483648, max: 2147483647 });
/** uint64 fields: proto3 JSON allows numbers; the CRD types them as integers ≥ 0. */
const uint64 = (): ReturnType<typeof int> => int({ min: 0, max: Number.MAX_SAFE_INTEGER });

export const SIMPLE_LBS = ['UNSPECIFIED', 'LEAST_CONN', 'RANDOM', 'PASSTHROUGH', 'ROUND_ROBIN', 'LEAST_REQUEST'] as const;
export const H2_UPGRADE_POLICIES = ['DEFAULT', 'DO_NOT_UPGRADE', 'UPGRADE'] as const;
export const CLIENT_TLS_MODES = ['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'] as const;
export const PROXY_PROTOCOL_VERSIONS = ['V1', 'V2'] as const;

/** istio.type.v1beta1.WorkloadSelector: pods/VMs chosen by label. */
export const workloadSelector = obj({ matchLabels: stringMap }, { name: 'istio.type.v1beta1.WorkloadSelector' });

export const httpCookie = obj(
  {
    name: required(str()),
    path: str(),
    ttl: duration(),
    attributes: list(obj({ name: required(str()), value: str() }, { name: 'istio.networking.v1.LoadBalancerSettings.ConsistentHashLB.HTTPCookie.Attribute' })),
  },
  { name: 'istio.networking.v1.LoadBalancerSettings.ConsistentHashLB.HTTPCookie' },
);

export const HASH_KEYS = ['httpHeaderName', 'httpCookie', 'useSourceIp', 'httpQueryParameterName'] as const;

export const consistentHashLb = obj(
  {
    httpHeaderName: str(),
    httpCookie,
    useSourceIp: bool(),
    httpQueryParameterName: str(),
    ringHash: obj({ minimumRingSize: uint64() }, { name: 'istio.networking.v1.LoadBalancerSettings.ConsistentHashLB.RingHash' }),
    maglev: obj({ tableSize: uint64() }, { name: 'istio.networking.v1.LoadBalancerSettings.ConsistentHashLB.MagLev' }),
    minimumRingSize: deprecated(uint64(), 'use consistentHash.ringHash.minimumRingSize instead'),
  },
  { name: 'istio.networking.v1.LoadBalancerSettings.ConsistentHashLB', oneof: [HASH_KEYS, ['ringHash', 'maglev']] },
);

const localityFailover = obj({ from: str(), to: str() }, { name: 'istio.networking.v1.LocalityLoadBalancerSetting.Failover' });

export const localityLoadBalancerSetting = obj(
  {
    distribute: list(obj({ from: str(), to: map(uint32()) }, { name: 'istio.networking.v1.LocalityLoadBalancerSetting.Distribute' })),
    failover: list(localityFailover),
    failoverPriority: stringList,
    enabled: bool(),
  },
  { name: 'istio.networking.v1.LocalityLoadBalancerSetting' },
);

export const zoneAwareLoadBalancerSetting = obj(
  {
    enabled: bool(),
    failover: list(obj({ from: str(), to: str() }, { name: 'istio.networking.v1.ZoneAwareLoadBalancerSetting.Failover' })),
    failoverPriority: stringList,
    minClusterSize: int({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  },
  { name: 'istio.networking.v1.ZoneAwareLoadBalancerSetting' },
);

export const warmupConfiguration = obj(
  { duration: required(duration()), minimumPercent: num({ min: 0, max: 100 }), aggression: num({ min: 0 }) },
  { name: 'istio.networking.v1.WarmupConfiguration' },
);

export const loadBalancerSettings = obj(
  {
    simple: enumOf(SIMPLE_LBS, { deprecatedValues: { LEAST_CONN: 'LEAST_CONN is deprecated; use LEAST_REQUEST (Istio already programs LEAST_CONN as Envoy\'s LEAST_REQUEST)' } }),
    consistentHash: consistentHashLb,
    localityLbSetting: localityLoadBalancerSetting,
    zoneAwareLbSetting: zoneAwareLoadBalancerSetting,
    warmupDurationSecs: deprecated(duration(), 'use loadBalancer.warmup.duration instead'),
    warmup: warmupConfiguration,
  },
  { name: 'istio.networking.v1.LoadBalancerSettings', oneof: [['simple', 'consistentHash'], ['warmupDurationSecs', 'warmup']] },
);

export const tcpSettings = obj(
  {
    maxConnections: int32(),
    connectTimeout: duration(),
    tcpKeepalive: obj({ probes: uint32(), time: duration(), interval: duration() }, { name: 'istio.networking.v1.ConnectionPoolSettings.TCPSettings.TcpKeepalive' }),
    maxConnectionDuration: duration(),
    idleTimeout: duration(),
  },
  { name: 'istio.networking.v1.ConnectionPoolSettings.TCPSettings' },
);

export const httpSettings = obj(
  {
    http1MaxPendingRequests: int32(),
    http2MaxRequests: int32(),
    maxRequestsPerConnection: int32(),
    maxRetries: int32(),
    idleTimeout: duration(),
    h2UpgradePolicy: enumOf(H2_UPGRADE_POLICIES),
    useClientProtocol: bool(),
    maxConcurrentStreams: int32(),
    http2KeepAlive: obj({ interval: duration(), timeout: duration() }, { name: 'istio.networking.v1.ConnectionPoolSettings.HTTPSettings.ConnectionKeepalive' }),
  },
  { name: 'istio.networking.v1.ConnectionPoolSettings.HTTPSettings' },
);

export const connectionPoolSettings = obj({ tcp: tcpSettings, http: httpSettings }, { name: 'istio.networking.v1.ConnectionPoolSettings' });

export const outlierDetection = obj(
  {
    consecutiveErrors: deprecated(int32(), 'use consecutive5xxErrors (or consecutiveGatewayErrors) instead'),
    splitExternalLocalOriginErrors: bool(),
    consecutiveLocalOriginFailures: uint32(),
    consecutiveGatewayErrors: uint32(),
    consecutive5xxErrors: uint32(),
    interval: duration(),
    baseEjectionTime: duration(),
    maxEjectionPercent: int32(),
    minHealthPercent: int32(),
    outlierDetectionHttpErrorCodes: list(int({ min: 100, max: 599 })),
  },
  { name: 'istio.networking.v1.OutlierDetection' },
);

export const clientTlsSettings = obj(
  {
    mode: enumOf(CLIENT_TLS_MODES),
    clientCertificate: str(),
    privateKey: str(),
    caCertificates: str(),
    credentialName: str(),
    subjectAltNames: stringList,
    sni: str(),
    insecureSkipVerify: bool(),
    caCrl: str(),
  },
  { name: 'istio.networking.v1.ClientTLSSettings' },
);

export const tunnelSettings = obj(
  { protocol: str(), targetHost: required(str()), targetPort: required(uint32()) },
  { name: 'istio.networking.v1.TrafficPolicy.TunnelSettings' },
);

export const proxyProtocol = obj({ version: enumOf(PROXY_PROTOCOL_VERSIONS) }, { name: 'istio.networking.v1.TrafficPolicy.ProxyProtocol' });

export const retryBudget = obj(
  { percent: num({ min: 0, max: 100 }), minRetryConcurrency: uint32(), budgetInterval: duration() },
  { name: 'istio.networking.v1.TrafficPolicy.RetryBudget' },
);

export const portTrafficPolicy = obj(
  {
    port: portSelector,
    loadBalancer: loadBalancerSettings,
    connectionPool: connectionPoolSettings,
    outlierDetection,
    tls: clientTlsSettings,
  },
  { name: 'istio.networking.v1.TrafficPolicy.PortTrafficPolicy' },
);

export const trafficPolicy = obj(
  {
    loadBalancer: loadBalancerSettings,
    connectionPool: connectionPoolSettings,
    outlierDetection,
    tls: clientTlsSettings,
    portLevelSettings: list(portTrafficPolicy),
    tunnel: tunnelSettings,
    proxyProtocol,
    retryBudget,
  },
  { name: 'istio.networking.v1.TrafficPolicy' },
);

export const subset = obj({ name: required(str()), labels: stringMap, trafficPolicy }, { name: 'istio.networking.v1.Subset' });

export const destinationRuleSpec = obj(
  {
    host: required(str()),
    trafficPolicy,
    subsets: list(subset),
    exportTo: stringList,
    workloadSelector,
  },
  { name: 'istio.networking.v1.DestinationRule' },
);

export type WorkloadSelector = Infer<typeof workloadSelector>;
export type HTTPCookie = Infer<typeof httpCookie>;
export type ConsistentHashLB = Infer<typeof consistentHashLb>;
export type LocalityLoadBalancerSetting = Infer<typeof localityLoadBalancerSetting>;
export type ZoneAwareLoadBalancerSetting = Infer<typeof zoneAwareLoadBalancerSetting>;
export type WarmupConfiguration = Infer<typeof warmupConfiguration>;
export type LoadBalancerSettings = Infer<typeof loadBalancerSettings>;
export type TCPSettings = Infer<typeof tcpSettings>;
export type HTTPSettings = Infer<typeof httpSettings>;
export type ConnectionPoolSettings = Infer<typeof connectionPoolSettings>;
export type OutlierDetection = Infer<typeof outlierDetection>;
export type ClientTLSSettings = Infer<typeof clientTlsSettings>;
export type TunnelSettings = Infer<typeof tunnelSettings>;
export type ProxyProtocol = Infer<typeof proxyProtocol>;
export type RetryBudget = Infer<typeof retryBudget>;
export type PortTrafficPolicy = Infer<typeof portTrafficPolicy>;
export type TrafficPolicy = Infer<typeof trafficPolicy>;
export type Subset = Infer<typeof subset>;
export type DestinationRule = Infer<typeof destinationRuleSpec>;
