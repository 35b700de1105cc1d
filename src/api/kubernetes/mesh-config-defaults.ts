/**
 * Istio's defaults for MeshConfig and its ProxyConfig (pkg/config/mesh DefaultMeshConfig), and the
 * way a user's mesh config is applied over them (ApplyMeshConfig): top-level fields replace the
 * default wholesale — a message given without some of its fields gets the proto zero values, not
 * the defaults — except `defaultConfig`, merged field by field over the default ProxyConfig
 * (proxyMetadata merged key by key), `extensionProviders`, merged by name, and
 * `trustDomainAliases`, united.
 */
import type { MeshConfig, OutboundTrafficPolicyMode } from './mesh-config-schema.ts';
import type { ExtensionProvider } from './mesh-extension-providers.ts';
import type { ProxyConfig } from './mesh-proxy-config.ts';

/** A MeshConfig with every defaulted field present. */
export type ResolvedMeshConfig = MeshConfig &
  Required<
    Pick<
      MeshConfig,
      | 'rootNamespace'
      | 'trustDomain'
      | 'trustDomainAliases'
      | 'inboundTrafficPolicy'
      | 'defaultConfig'
      | 'enableTracing'
      | 'accessLogFile'
      | 'accessLogFormat'
      | 'accessLogEncoding'
      | 'enableAutoMtls'
      | 'connectTimeout'
      | 'protocolDetectionTimeout'
      | 'defaultServiceExportTo'
      | 'defaultVirtualServiceExportTo'
      | 'defaultDestinationRuleExportTo'
      | 'extensionProviders'
      | 'defaultProviders'
      | 'ingressClass'
      | 'ingressService'
      | 'ingressControllerMode'
      | 'proxyListenPort'
      | 'proxyInboundListenPort'
      | 'dnsRefreshRate'
      | 'enablePrometheusMerge'
      | 'localityLbSetting'
    >
  > & { outboundTrafficPolicy: NonNullable<MeshConfig['outboundTrafficPolicy']> & { mode: OutboundTrafficPolicyMode } };

export const DEFAULT_PROXY_CONFIG: Readonly<ProxyConfig> = deepFreeze({
  configPath: './etc/istio/proxy',
  binaryPath: '/usr/local/bin/envoy',
  serviceCluster: 'istio-proxy',
  drainDuration: '45s',
  terminationDrainDuration: '5s',
  proxyAdminPort: 15000,
  controlPlaneAuthPolicy: 'MUTUAL_TLS',
  discoveryAddress: 'istiod.istio-system.svc:15012',
  statNameLength: 189,
  statusPort: 15020,
});

const DEFAULT_EXTENSION_PROVIDERS: ExtensionProvider[] = [
  { name: 'prometheus', prometheus: {} },
  { name: 'stackdriver', stackdriver: {} },
  { name: 'envoy', envoyFileAccessLog: { path: '/dev/stdout' } },
];

/** Istio's default mesh config: what a mesh without a `mesh` ConfigMap runs with. Frozen. */
export const DEFAULT_MESH_CONFIG: Readonly<ResolvedMeshConfig> = deepFreeze({
  enableTracing: true,
  accessLogFile: '',
  accessLogEncoding: 'TEXT',
  accessLogFormat: '',
  enableEnvoyAccessLogService: false,
  protocolDetectionTimeout: '0s',
  ingressService: 'istio-ingressgateway',
  ingressControllerMode: 'STRICT',
  ingressClass: 'istio',
  trustDomain: 'cluster.local',
  trustDomainAliases: [],
  enableAutoMtls: true,
  outboundTrafficPolicy: { mode: 'ALLOW_ANY' },
  inboundTrafficPolicy: { mode: 'PASSTHROUGH' },
  localityLbSetting: { enabled: true },
  certificates: [],
  defaultConfig: DEFAULT_PROXY_CONFIG as ProxyConfig,
  rootNamespace: 'istio-system',
  proxyListenPort: 15001,
  proxyInboundListenPort: 15006,
  connectTimeout: '10s',
  defaultServiceExportTo: ['*'],
  defaultVirtualServiceExportTo: ['*'],
  defaultDestinationRuleExportTo: ['*'],
  dnsRefreshRate: '60s',
  serviceSettings: [],
  enablePrometheusMerge: true,
  defaultProviders: {},
  extensionProviders: DEFAULT_EXTENSION_PROVIDERS,
});

/** A fresh, mutable copy of the default mesh config. */
export function defaultMeshConfig(): ResolvedMeshConfig {
  return structuredClone(DEFAULT_MESH_CONFIG) as ResolvedMeshConfig;
}

/** Applies a user's mesh config over `base` (the defaults unless given), as Istio does. Inputs are not modified. */
export function mergeMeshConfig(user: MeshConfig, base: Readonly<ResolvedMeshConfig> = DEFAULT_MESH_CONFIG): ResolvedMeshConfig {
  const out = structuredClone(base) as ResolvedMeshConfig;
  const u = structuredClone(user);
  const { defaultConfig, extensionProviders, trustDomainAliases, ...rest } = u;
  Object.assign(out, rest);
  if (u.outboundTrafficPolicy) out.outboundTrafficPolicy = { ...u.outboundTrafficPolicy, mode: u.outboundTrafficPolicy.mode ?? 'REGISTRY_ONLY' };
  if (u.inboundTrafficPolicy) out.inboundTrafficPolicy = { ...u.inboundTrafficPolicy, mode: u.inboundTrafficPolicy.mode ?? 'PASSTHROUGH' };
  if (defaultConfig) out.defaultConfig = mergeProxyConfig(defaultConfig, out.defaultConfig);
  if (extensionProviders) out.extensionProviders = mergeExtensionProviders(out.extensionProviders, extensionProviders);
  if (trustDomainAliases) out.trustDomainAliases = [...new Set([...out.trustDomainAliases, ...trustDomainAliases])].sort();
  return out;
}

/** Applies a ProxyConfig over `base`: fields replace, proxyMetadata merges key by key. */
export function mergeProxyConfig(user: ProxyConfig, base: Readonly<ProxyConfig> = DEFAULT_PROXY_CONFIG): ProxyConfig {
  const out: ProxyConfig = { ...structuredClone(base), ...structuredClone(user) };
  if (user.tracingServiceName !== undefined && user.serviceCluster === undefined) delete out.serviceCluster;
  if (user.serviceCluster !== undefined && user.tracingServiceName === undefined) delete out.tracingServiceName;
  if (base.proxyMetadata || user.proxyMetadata) out.proxyMetadata = { ...base.proxyMetadata, ...user.proxyMetadata };
  return out;
}

function mergeExtensionProviders(base: readonly ExtensionProvider[], user: readonly ExtensionProvider[]): ExtensionProvider[] {
  const out = base.map((p) => ({ ...p }));
  for (const p of user) {
    const i = out.findIndex((e) => e.name === p.name);
    if (i >= 0) out[i] = p;
    else out.push(p);
  }
  return out;
}

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}
