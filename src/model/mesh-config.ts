/**
 * MeshConfig as the control plane uses it: Istio's defaults, overridden by the `mesh` key of
 * ConfigMap `istio` (or `istio-mesh-cm`), parsed by src/api/kubernetes/mesh-config.ts; `raw`
 * keeps the config as written and `resolved` the whole config with defaults.
 */
import { findMeshConfigMap, mergeMeshConfig, parseMeshConfig } from '../api/kubernetes/mesh-config.ts';
import type { Resource } from '../api/resource.ts';
import { DEFAULT_DOMAIN_SUFFIX } from '../registry/host.ts';
import type { HTTPRetry, MeshConfigInput } from './api-types.ts';

export interface MeshConfig {
  rootNamespace: string;
  trustDomain: string;
  domainSuffix: string;
  outboundTrafficPolicy: 'ALLOW_ANY' | 'REGISTRY_ONLY';
  accessLogFile: string;
  accessLogEncoding: 'TEXT' | 'JSON';
  accessLogFormat: string;
  enableTracing: boolean;
  /** Connect timeout for outbound clusters, Go duration text. */
  connectTimeout: string;
  defaultHttpRetryPolicy?: HTTPRetry;
  /** The mesh config as written (no defaults), for fields generation does not interpret (extensionProviders, ...). */
  raw: MeshConfigInput;
  /** The whole mesh config with Istio's defaults applied. */
  resolved?: Record<string, unknown>;
}

export const DEFAULT_ROOT_NAMESPACE = 'istio-system';

export function defaultMeshConfig(): MeshConfig {
  return {
    rootNamespace: DEFAULT_ROOT_NAMESPACE,
    trustDomain: 'cluster.local',
    domainSuffix: DEFAULT_DOMAIN_SUFFIX,
    outboundTrafficPolicy: 'ALLOW_ANY',
    accessLogFile: '',
    accessLogEncoding: 'TEXT',
    accessLogFormat: '',
    enableTracing: true,
    connectTimeout: '10s',
    raw: {},
  };
}

export function meshConfigFrom(input: MeshConfigInput, domainSuffix?: string): MeshConfig {
  const d = defaultMeshConfig();
  return {
    rootNamespace: input.rootNamespace || d.rootNamespace,
    trustDomain: input.trustDomain || d.trustDomain,
    domainSuffix: domainSuffix ?? d.domainSuffix,
    outboundTrafficPolicy: input.outboundTrafficPolicy?.mode === 'REGISTRY_ONLY' ? 'REGISTRY_ONLY' : 'ALLOW_ANY',
    accessLogFile: input.accessLogFile ?? d.accessLogFile,
    accessLogEncoding: input.accessLogEncoding === 'JSON' ? 'JSON' : 'TEXT',
    accessLogFormat: input.accessLogFormat ?? '',
    enableTracing: input.enableTracing ?? d.enableTracing,
    connectTimeout: input.connectTimeout || d.connectTimeout,
    defaultHttpRetryPolicy: input.defaultHttpRetryPolicy,
    raw: input,
    resolved: undefined,
  };
}

/**
 * The mesh ConfigMap's `mesh` key (istio before istio-mesh-cm, istio-system first), parsed with
 * Istio's defaults by src/api. `raw` is the config as written; `resolved` has the defaults applied.
 */
export function meshConfigFromResources(configMaps: readonly Resource[], opts: { domainSuffix?: string } = {}): MeshConfig {
  const cm = findMeshConfigMap(configMaps);
  if (!cm) return { ...meshConfigFrom({}, opts.domainSuffix), resolved: mergeMeshConfig({}) as unknown as Record<string, unknown> };
  const parsed = parseMeshConfig(cm.body.data.mesh as string, cm.source.file);
  const out = meshConfigFrom(parsed.mesh as unknown as MeshConfigInput, opts.domainSuffix);
  return { ...out, raw: parsed.raw as unknown as MeshConfigInput, resolved: parsed.mesh as unknown as Record<string, unknown> };
}
