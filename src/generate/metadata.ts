/**
 * Istio provenance in generated resources: `metadata.filterMetadata.istio.config` names the
 * configuration object a route or filter chain came from, as
 * `/apis/networking.istio.io/v1alpha3/namespaces/NS/virtual-service/NAME`.
 */
import type { Resource } from '../api/resource.ts';
import type { Metadata } from '../envoy/types.ts';

const GROUP_OF: Record<string, string> = {
  VirtualService: 'networking.istio.io',
  DestinationRule: 'networking.istio.io',
  Gateway: 'networking.istio.io',
  ServiceEntry: 'networking.istio.io',
  Sidecar: 'networking.istio.io',
  EnvoyFilter: 'networking.istio.io',
};

/** `VirtualService` → `virtual-service`. */
export function kebabKind(kind: string): string {
  return kind.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

export function configPath(r: Pick<Resource, 'kind' | 'metadata' | 'group'>): string {
  const group = GROUP_OF[r.kind] ?? r.group;
  const version = group === 'networking.istio.io' ? 'v1alpha3' : 'v1';
  return `/apis/${group}/${version}/namespaces/${r.metadata.namespace}/${kebabKind(r.kind)}/${r.metadata.name}`;
}

const metadataCache = new WeakMap<object, Metadata>();

/** The provenance metadata of a resource; one shared (read-only) object per resource. */
export function configMetadata(r: Pick<Resource, 'kind' | 'metadata' | 'group'>): Metadata {
  let m = metadataCache.get(r);
  if (!m) metadataCache.set(r, (m = { filterMetadata: { istio: { config: configPath(r) } } }));
  return m;
}

/** Parses `/apis/GROUP/VERSION/namespaces/NS/KIND/NAME` back into its parts. */
export function parseConfigPath(path: string): { group: string; version: string; namespace: string; kind: string; name: string } | undefined {
  const m = /^\/apis\/([^/]+)\/([^/]+)\/namespaces\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(path);
  if (!m) return undefined;
  return { group: m[1], version: m[2], namespace: m[3], kind: m[4], name: m[5] };
}
