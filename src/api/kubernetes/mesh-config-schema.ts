/**
 * istio.mesh.v1alpha1.MeshConfig: the mesh-wide settings read from the `mesh` key of ConfigMap
 * `istio` / `istio-mesh-cm` — root namespace, trust domain, outbound traffic policy, extension
 * providers, proxy defaults, access logging, export defaults, ... — and Istio's defaults for it
 * (pkg/config/mesh DefaultMeshConfig). Field names are the proto3 JSON names.
 */
import { bool, deprecated, duration, enumOf, int, list, obj, str, stringList, type Infer } from '../schema.ts';
import { clientTlsSettings, connectionPoolSettings, localityLoadBalancerSetting, outlierDetection, tcpSettings, zoneAwareLoadBalancerSetting } from '../networking/destination-rule.ts';
import { httpRetry } from '../networking/virtual-service.ts';
import { labelSelector } from './common.ts';
import { extensionProvider } from './mesh-extension-providers.ts';
import { proxyConfig } from './mesh-proxy-config.ts';

const M = 'istio.mesh.v1alpha1.MeshConfig';

export const OUTBOUND_TRAFFIC_POLICY_MODES = ['REGISTRY_ONLY', 'ALLOW_ANY', 'ALLOW_ANY_DYNAMIC_DNS'] as const;
export const ACCESS_LOG_ENCODINGS = ['TEXT', 'JSON'] as const;
export const INGRESS_CONTROLLER_MODES = ['UNSPECIFIED', 'OFF', 'DEFAULT', 'STRICT'] as const;

const tlsConfig = obj(
  { minProtocolVersion: enumOf(['TLS_AUTO', 'TLSV1_2', 'TLSV1_3']), ecdhCurves: stringList, cipherSuites: stringList },
  { name: `${M}.TLSConfig` },
);

const visibility = enumOf(['VISIBILITY_UNSPECIFIED', 'NONE', 'NAMESPACE', 'PUBLIC']);

export const meshConfigSchema = obj(
  {
    proxyListenPort: int(),
    proxyInboundListenPort: int(),
    proxyHttpPort: int(),
    connectTimeout: duration(),
    hboneIdleTimeout: duration(),
    protocolDetectionTimeout: duration(),
    tcpKeepalive: tcpSettings.fields.tcpKeepalive,
    ingressClass: str(),
    ingressService: str(),
    ingressControllerMode: enumOf(INGRESS_CONTROLLER_MODES),
    ingressSelector: str(),
    enableTracing: bool(),
    accessLogFile: str(),
    accessLogFormat: str(),
    accessLogEncoding: enumOf(ACCESS_LOG_ENCODINGS),
    enableEnvoyAccessLogService: bool(),
    disableEnvoyListenerLog: bool(),
    defaultConfig: proxyConfig,
    outboundTrafficPolicy: obj({ mode: enumOf(OUTBOUND_TRAFFIC_POLICY_MODES), tls: clientTlsSettings }, { name: `${M}.OutboundTrafficPolicy` }),
    inboundTrafficPolicy: obj({ mode: enumOf(['PASSTHROUGH', 'LOCALHOST']) }, { name: `${M}.InboundTrafficPolicy` }),
    configSources: list(
      obj({ address: str(), tlsSettings: clientTlsSettings, subscribedResources: list(enumOf(['SERVICE_REGISTRY'])) }, { name: 'istio.mesh.v1alpha1.ConfigSource' }),
    ),
    enableAutoMtls: bool(),
    trustDomain: str(),
    trustDomainAliases: stringList,
    caCertificates: list(
      obj(
        { pem: str(), spiffeBundleUrl: str(), certSigners: stringList, trustDomains: stringList },
        { name: `${M}.CertificateData`, oneof: [['pem', 'spiffeBundleUrl']] },
      ),
    ),
    defaultServiceExportTo: stringList,
    defaultVirtualServiceExportTo: stringList,
    defaultDestinationRuleExportTo: stringList,
    rootNamespace: str(),
    localityLbSetting: localityLoadBalancerSetting,
    zoneAwareLbSetting: zoneAwareLoadBalancerSetting,
    dnsRefreshRate: duration(),
    h2UpgradePolicy: enumOf(['DO_NOT_UPGRADE', 'UPGRADE']),
    inboundClusterStatName: str(),
    outboundClusterStatName: str(),
    certificates: deprecated(list(obj({ secretName: str(), dnsNames: stringList }, { name: 'istio.mesh.v1alpha1.Certificate' })), 'certificates has no effect'),
    serviceSettings: list(obj({ settings: obj({ clusterLocal: bool() }), hosts: stringList }, { name: `${M}.ServiceSettings` })),
    serviceScopeConfigs: list(
      obj(
        { namespaceSelector: labelSelector, servicesSelector: labelSelector, scope: enumOf(['LOCAL', 'GLOBAL']) },
        { name: `${M}.ServiceScopeConfigs` },
      ),
    ),
    enablePrometheusMerge: bool(),
    verifyCertificateAtClient: deprecated(bool(), 'use the VERIFY_CERTIFICATE_AT_CLIENT environment variable instead'),
    ca: obj({ address: str(), tlsSettings: clientTlsSettings, requestTimeout: duration(), istiodSide: bool() }, { name: `${M}.CA` }),
    extensionProviders: list(extensionProvider),
    defaultProviders: obj({ tracing: stringList, metrics: stringList, accessLogging: stringList }, { name: `${M}.DefaultProviders` }),
    discoverySelectors: list(labelSelector),
    pathNormalization: obj(
      { normalization: enumOf(['DEFAULT', 'NONE', 'BASE', 'MERGE_SLASHES', 'DECODE_AND_MERGE_SLASHES']) },
      { name: `${M}.ProxyPathNormalization` },
    ),
    defaultHttpRetryPolicy: httpRetry,
    meshMTLS: tlsConfig,
    tlsDefaults: tlsConfig,
    defaultTrafficPolicy: obj({ connectionPool: connectionPoolSettings, outlierDetection }, { name: `${M}.DefaultTrafficPolicy` }),
    serviceEntryVisibility: obj(
      {
        defaultVisibility: visibility,
        applyToSidecars: bool(),
        policies: list(obj({ visibility, matchingRules: list(obj({ namespaceSelector: labelSelector })) })),
      },
      { name: 'istio.mesh.v1alpha1.ServiceEntryVisibility' },
    ),
  },
  { name: M },
);

/**
 * MeshConfig fields that Istio removed, with what to write instead. They are reported with this
 * advice rather than as plain unknown fields.
 */
export const REMOVED_MESH_FIELDS: Readonly<Record<string, string>> = {
  terminationDrainDuration: 'it moved to defaultConfig.terminationDrainDuration',
  authPolicy: 'mesh-wide mTLS is configured with a PeerAuthentication in the root namespace',
  mixerCheckServer: 'Mixer was removed in Istio 1.8',
  mixerReportServer: 'Mixer was removed in Istio 1.8',
  disablePolicyChecks: 'Mixer was removed in Istio 1.8',
  disableMixerHttpReports: 'Mixer was removed in Istio 1.8',
  policyCheckFailOpen: 'Mixer was removed in Istio 1.8',
  sidecarToTelemetrySessionAffinity: 'Mixer was removed in Istio 1.8',
  mixerAddress: 'Mixer was removed in Istio 1.8',
  enableClientSidePolicyCheck: 'Mixer was removed in Istio 1.8',
  rdsRefreshDelay: 'it has no replacement',
  sdsUdsPath: 'SDS is always on',
  sdsRefreshDelay: 'SDS is always on',
  enableSdsTokenMount: 'SDS is always on',
  sdsUseK8sSaJwt: 'SDS is always on',
  thriftConfig: 'Thrift support was removed',
  fileFlushInterval: 'it moved to defaultConfig.fileFlushInterval',
  fileFlushMinSize: 'it moved to defaultConfig.fileFlushMinSizeKb',
};

export type MeshConfig = Infer<typeof meshConfigSchema>;
export type OutboundTrafficPolicyMode = (typeof OUTBOUND_TRAFFIC_POLICY_MODES)[number];
