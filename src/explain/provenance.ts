/**
 * From generated Envoy objects back to the Istio configuration behind them: the
 * `metadata.filterMetadata.istio.config` path on routes, filter chains and clusters names a
 * resource; the loaded resource gives its file and line; for a route, the VirtualService `http`
 * rule (and match) it was translated from gives the exact line.
 */
import type { VirtualService } from '../api/networking/virtual-service.ts';
import type { Resource } from '../api/resource.ts';
import { posOf } from '../config/source-map.ts';
import type { Metadata, Route, RouteMatch } from '../envoy/types.ts';
import { parseConfigPath } from '../generate/metadata.ts';
import { translateRouteMatch } from '../generate/route/route-match.ts';
import type { MeshSnapshot } from '../model/snapshot.ts';
import type { Provenance } from './types.ts';

const KINDS: Record<string, string> = {
  'virtual-service': 'VirtualService',
  'destination-rule': 'DestinationRule',
  gateway: 'Gateway',
  'service-entry': 'ServiceEntry',
  sidecar: 'Sidecar',
  'envoy-filter': 'EnvoyFilter',
};

export function resourceProvenance(r: Resource, line?: number): Provenance {
  return { kind: r.kind, namespace: r.metadata.namespace, name: r.metadata.name, file: r.source.file, line: line ?? r.source.line };
}

/** The resource a generated object's Istio metadata names, if it is in the snapshot. */
export function resourceOf(meta: Metadata | undefined, snapshot: MeshSnapshot): Resource | undefined {
  const path = (meta?.filterMetadata?.istio as { config?: unknown } | undefined)?.config;
  if (typeof path !== 'string') return undefined;
  const p = parseConfigPath(path);
  if (!p) return undefined;
  return snapshot.get(KINDS[p.kind] ?? p.kind, p.namespace, p.name);
}

export function metadataProvenance(meta: Metadata | undefined, snapshot: MeshSnapshot): Provenance | undefined {
  const r = resourceOf(meta, snapshot);
  return r ? resourceProvenance(r) : undefined;
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${k}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The `http` rule (index, and line of the match or rule) of a VirtualService a route came from. */
export function httpRuleOf(vs: Resource<VirtualService>, route: Route): { index: number; line?: number } | undefined {
  const want = canonical(route.match as RouteMatch);
  const rules = vs.spec?.http ?? [];
  for (let i = 0; i < rules.length; i++) {
    const h = rules[i];
    const matches = h.match && h.match.length > 0 ? h.match : [undefined];
    for (let j = 0; j < matches.length; j++) {
      if (canonical(translateRouteMatch(matches[j] as never)) !== want) continue;
      if (route.name && h.name && !route.name.startsWith(h.name)) continue;
      const line = (matches[j] ? posOf(h.match, j, vs.body) : posOf(rules, i, vs.body))?.line;
      return { index: i, line };
    }
  }
  return undefined;
}

/** Provenance of a route: its VirtualService and the line of the rule that produced it. */
export function routeProvenance(route: Route, snapshot: MeshSnapshot): { source?: Provenance; rule?: number } {
  const r = resourceOf(route.metadata, snapshot);
  if (!r) return {};
  if (r.kind !== 'VirtualService') return { source: resourceProvenance(r) };
  const rule = httpRuleOf(r as Resource<VirtualService>, route);
  return { source: resourceProvenance(r, rule?.line), rule: rule?.index };
}
