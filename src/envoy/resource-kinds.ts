/**
 * The five xDS resource types one proxy is served, in Istio's push order (CDS → EDS → LDS → RDS →
 * SDS): the ProxyResources key, the type URL, the short name istioctl prints, and how to read a
 * resource's name. Shared by the discovery server and the xDS client.
 */
import { TYPE_URL } from './type-urls.ts';
import type { ProxyResources } from './types.ts';

export type ResourceKey = keyof ProxyResources;
export type XdsShortName = 'CDS' | 'EDS' | 'LDS' | 'RDS' | 'SDS';

export interface ResourceKind {
  key: ResourceKey;
  typeUrl: string;
  short: XdsShortName;
  /** LDS and CDS are wildcard subscriptions; the others are asked for by name. */
  wildcard: boolean;
  nameOf(resource: unknown): string;
}

const named = (r: unknown) => String((r as { name?: string }).name ?? '');

export const RESOURCE_KINDS: readonly ResourceKind[] = [
  { key: 'clusters', typeUrl: TYPE_URL.cluster, short: 'CDS', wildcard: true, nameOf: named },
  { key: 'endpoints', typeUrl: TYPE_URL.endpoint, short: 'EDS', wildcard: false, nameOf: (r) => String((r as { clusterName?: string }).clusterName ?? '') },
  { key: 'listeners', typeUrl: TYPE_URL.listener, short: 'LDS', wildcard: true, nameOf: named },
  { key: 'routes', typeUrl: TYPE_URL.route, short: 'RDS', wildcard: false, nameOf: named },
  { key: 'secrets', typeUrl: TYPE_URL.secret, short: 'SDS', wildcard: false, nameOf: named },
];

const byUrl = new Map(RESOURCE_KINDS.map((k) => [k.typeUrl, k]));

/** The kind for a type URL, or undefined for types we do not serve. */
export function kindOfTypeUrl(typeUrl: string): ResourceKind | undefined {
  return byUrl.get(typeUrl);
}

export function emptyProxyResources(): ProxyResources {
  return { listeners: [], routes: [], clusters: [], endpoints: [], secrets: [] };
}
