/**
 * istio.mesh.v1alpha1.ProxyConfig as MeshConfig's `defaultConfig` holds it: how every proxy of
 * the mesh is started (drain times, discovery address, tracing, metadata, concurrency, ...).
 * The fields Sextant uses are typed strictly; rarely used ones whose sub-structure we do not
 * model (readinessProbe, privateKeyProvider, connectionSettings, ...) accept any value.
 */
import { any, bool, deprecated, duration, enumOf, int, list, map, num, obj, str, stringList, stringMap, uint32, type Infer } from '../schema.ts';
import { clientTlsSettings, tcpSettings } from '../networking/destination-rule.ts';

export const FORWARD_CLIENT_CERT_DETAILS = ['UNDEFINED', 'SANITIZE', 'FORWARD_ONLY', 'APPEND_FORWARD', 'SANITIZE_SET', 'ALWAYS_FORWARD_ONLY'] as const;

const customTag = obj(
  {
    literal: obj({ value: str() }, { name: 'istio.mesh.v1alpha1.Tracing.Literal' }),
    environment: obj({ name: str(), defaultValue: str() }, { name: 'istio.mesh.v1alpha1.Tracing.Environment' }),
    header: obj({ name: str(), defaultValue: str() }, { name: 'istio.mesh.v1alpha1.Tracing.RequestHeader' }),
  },
  { name: 'istio.mesh.v1alpha1.Tracing.CustomTag', oneof: [['literal', 'environment', 'header']] },
);

const traceContexts = list(enumOf(['UNSPECIFIED', 'W3C_TRACE_CONTEXT', 'GRPC_BIN', 'CLOUD_TRACE_CONTEXT', 'B3']));

export const tracing = obj(
  {
    zipkin: obj({ address: str() }, { name: 'istio.mesh.v1alpha1.Tracing.Zipkin' }),
    lightstep: obj({ address: str(), accessToken: str() }, { name: 'istio.mesh.v1alpha1.Tracing.Lightstep' }),
    datadog: obj({ address: str() }, { name: 'istio.mesh.v1alpha1.Tracing.Datadog' }),
    stackdriver: obj(
      { debug: bool(), maxNumberOfAttributes: int(), maxNumberOfAnnotations: int(), maxNumberOfMessageEvents: int() },
      { name: 'istio.mesh.v1alpha1.Tracing.Stackdriver' },
    ),
    openCensusAgent: obj({ address: str(), context: traceContexts }, { name: 'istio.mesh.v1alpha1.Tracing.OpenCensusAgent' }),
    customTags: map(customTag),
    maxPathTagLength: uint32(),
    sampling: num({ min: 0, max: 100 }),
    tlsSettings: clientTlsSettings,
    enableIstioTags: bool(),
  },
  { name: 'istio.mesh.v1alpha1.Tracing', oneof: [['zipkin', 'lightstep', 'datadog', 'stackdriver', 'openCensusAgent']] },
);

export const remoteService = obj(
  { address: str(), tlsSettings: clientTlsSettings, tcpKeepalive: tcpSettings.fields.tcpKeepalive },
  { name: 'istio.mesh.v1alpha1.RemoteService' },
);

const disabled = obj({ disabled: bool() });
const enabled = obj({ enabled: bool() });

export const proxyHeaders = obj(
  {
    forwardedClientCert: enumOf(FORWARD_CLIENT_CERT_DETAILS),
    setCurrentClientCertDetails: obj(
      { subject: bool(), cert: bool(), chain: bool(), dns: bool(), uri: bool() },
      { name: 'istio.mesh.v1alpha1.ProxyConfig.ProxyHeaders.SetCurrentClientCertDetails' },
    ),
    requestId: disabled,
    server: obj({ disabled: bool(), value: str() }, { name: 'istio.mesh.v1alpha1.ProxyConfig.ProxyHeaders.Server' }),
    attemptCount: disabled,
    envoyDebugHeaders: disabled,
    metadataExchangeHeaders: obj({ mode: enumOf(['UNDEFINED', 'IN_MESH']) }),
    preserveHttp1HeaderCase: bool(),
    xForwardedHost: enabled,
    xForwardedPort: enabled,
  },
  { name: 'istio.mesh.v1alpha1.ProxyConfig.ProxyHeaders' },
);

export const proxyConfig = obj(
  {
    configPath: str(),
    binaryPath: str(),
    serviceCluster: str(),
    tracingServiceName: enumOf(['APP_LABEL_AND_NAMESPACE', 'CANONICAL_NAME_ONLY', 'CANONICAL_NAME_AND_NAMESPACE']),
    drainDuration: duration(),
    discoveryAddress: str(),
    discoveryRefreshDelay: deprecated(duration(), 'discoveryRefreshDelay has no effect'),
    zipkinAddress: deprecated(str(), 'use tracing.zipkin.address instead'),
    statsdUdpAddress: str(),
    envoyMetricsServiceAddress: deprecated(str(), 'use envoyMetricsService instead'),
    proxyAdminPort: int(),
    availabilityZone: deprecated(str(), 'the locality comes from the node labels'),
    controlPlaneAuthPolicy: enumOf(['NONE', 'MUTUAL_TLS', 'INHERIT']),
    customConfigFile: str(),
    statNameLength: int(),
    concurrency: int({ min: 0 }),
    proxyBootstrapTemplatePath: str(),
    interceptionMode: enumOf(['REDIRECT', 'TPROXY', 'NONE']),
    tracing,
    sds: deprecated(obj({ enabled: bool(), k8sSaJwtPath: str() }), 'SDS is always on'),
    envoyAccessLogService: remoteService,
    envoyMetricsService: remoteService,
    proxyMetadata: stringMap,
    runtimeValues: stringMap,
    statusPort: int(),
    extraStatTags: stringList,
    gatewayTopology: obj(
      { numTrustedProxies: uint32(), forwardClientCertDetails: enumOf(FORWARD_CLIENT_CERT_DETAILS), proxyProtocol: obj({}) },
      { name: 'istio.mesh.v1alpha1.Topology' },
    ),
    terminationDrainDuration: duration(),
    meshId: str(),
    readinessProbe: any(),
    proxyStatsMatcher: obj(
      { inclusionPrefixes: stringList, inclusionSuffixes: stringList, inclusionRegexps: stringList },
      { name: 'istio.mesh.v1alpha1.ProxyConfig.ProxyStatsMatcher' },
    ),
    holdApplicationUntilProxyStarts: bool(),
    caCertificatesPem: stringList,
    image: obj({ imageType: str() }, { name: 'istio.networking.v1beta1.ProxyImage' }),
    privateKeyProvider: any(),
    proxyHeaders,
    fileFlushInterval: duration(),
    fileFlushMinSizeKb: uint32(),
    statsCompression: bool(),
    connectionSettings: any(),
  },
  { name: 'istio.mesh.v1alpha1.ProxyConfig', oneof: [['serviceCluster', 'tracingServiceName']] },
);

export type Tracing = Infer<typeof tracing>;
export type ProxyConfig = Infer<typeof proxyConfig>;
