/**
 * Delegate VirtualServices (Istio's mergeVirtualServicesIfNeeded): a root route with
 * `delegate: {name, namespace}` is replaced by the delegate's routes, each match being the
 * intersection of the root's and the delegate's. Conflicting pairs (different ports, a delegate
 * URI outside the root's prefix, the same header with different values) are dropped.
 */
import type { HTTPMatchRequest, HTTPRoute, StringMatch } from './api-types.ts';

interface DelegateSource {
  readonly spec: { readonly http?: HTTPRoute[] };
}

export function mergeDelegateRoutes(rootHttp: HTTPRoute[], rootNamespace: string, delegates: ReadonlyMap<string, DelegateSource>): HTTPRoute[] {
  const out: HTTPRoute[] = [];
  for (const root of rootHttp) {
    if (!root.delegate) {
      out.push(root);
      continue;
    }
    const d = delegates.get(`${root.delegate.namespace || rootNamespace}/${root.delegate.name ?? ''}`);
    if (!d) continue;
    for (const child of d.spec.http ?? []) {
      const match = mergeMatches(root.match, child.match);
      if (match === null) continue;
      out.push({ ...child, match });
    }
  }
  return out;
}

function mergeMatches(root: HTTPMatchRequest[] | undefined, child: HTTPMatchRequest[] | undefined): HTTPMatchRequest[] | undefined | null {
  if (!root || root.length === 0) return child;
  if (!child || child.length === 0) return root;
  const out: HTTPMatchRequest[] = [];
  for (const r of root) for (const c of child) {
    const m = mergeMatch(r, c);
    if (m) out.push(m);
  }
  return out.length > 0 ? out : null;
}

function mergeMatch(r: HTTPMatchRequest, c: HTTPMatchRequest): HTTPMatchRequest | undefined {
  if (r.port && c.port && r.port !== c.port) return undefined;
  if (r.uri && c.uri && !uriWithin(c.uri, r.uri)) return undefined;
  const merged: HTTPMatchRequest = { ...r, ...c };
  merged.name = r.name && c.name ? `${r.name}-${c.name}` : (c.name ?? r.name);
  for (const f of ['scheme', 'method', 'authority'] as const) {
    if (r[f] && c[f] && !sameMatch(r[f], c[f])) return undefined;
    merged[f] = c[f] ?? r[f];
  }
  for (const f of ['headers', 'withoutHeaders', 'queryParams'] as const) {
    const a = r[f] ?? {};
    const b = c[f] ?? {};
    for (const k of Object.keys(b)) if (a[k] && !sameMatch(a[k], b[k])) return undefined;
    if (r[f] || c[f]) merged[f] = { ...a, ...b };
  }
  if (r.sourceLabels || c.sourceLabels) merged.sourceLabels = { ...(r.sourceLabels ?? {}), ...(c.sourceLabels ?? {}) };
  merged.gateways = r.gateways ?? c.gateways;
  merged.port = r.port ?? c.port;
  return merged;
}

function sameMatch(a: StringMatch, b: StringMatch): boolean {
  return a.exact === b.exact && a.prefix === b.prefix && a.regex === b.regex;
}

/** True when every path the child URI match accepts is accepted by the root's. */
function uriWithin(child: StringMatch, root: StringMatch): boolean {
  if (root.regex !== undefined) return child.regex === root.regex;
  const rootPrefix = root.prefix ?? root.exact ?? '';
  const childValue = child.exact ?? child.prefix;
  if (childValue === undefined) return false;
  return root.exact !== undefined ? child.exact === root.exact : childValue.startsWith(rootPrefix);
}
