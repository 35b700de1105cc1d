/**
 * Which workloads a security policy (AuthorizationPolicy, RequestAuthentication) applies to:
 * mesh-wide in the root namespace without a selector, namespace-wide without a selector, else
 * the workloads of its namespace its `selector.matchLabels` picks. `overlaps` says whether two
 * policies can apply to one workload — exactly, from the workloads in the files, or, without
 * them, from the namespaces and selectors alone.
 */
import type { Resource } from '../api/resource.ts';
import { selectorMatches, type Labels } from '../registry/labels.ts';
import type { AnalysisContext } from './context.ts';

export interface PolicyScope {
  namespace: string;
  meshWide: boolean;
  selector?: Labels;
}

export function policyScope(ctx: AnalysisContext, r: Resource): PolicyScope {
  const sel = r.spec?.selector?.matchLabels as Labels | undefined;
  const selector = sel && Object.keys(sel).length > 0 ? sel : undefined;
  return { namespace: r.metadata.namespace, meshWide: !selector && r.metadata.namespace === ctx.rootNamespace, selector };
}

export function appliesTo(s: PolicyScope, namespace: string, labels: Labels): boolean {
  if (s.meshWide) return true;
  return s.namespace === namespace && selectorMatches(s.selector, labels);
}

export function overlaps(ctx: AnalysisContext, a: PolicyScope, b: PolicyScope): boolean {
  if (ctx.hasWorkloads) return ctx.workloads.some((w) => appliesTo(a, w.namespace, w.labels) && appliesTo(b, w.namespace, w.labels));
  if (a.meshWide || b.meshWide) return true;
  if (a.namespace !== b.namespace) return false;
  return !a.selector || !b.selector || selectorMatches(a.selector, b.selector) || selectorMatches(b.selector, a.selector);
}

/** True when `wide` applies to every workload `narrow` applies to. */
export function covers(wide: PolicyScope, narrow: PolicyScope): boolean {
  if (wide.meshWide) return true;
  if (narrow.meshWide || wide.namespace !== narrow.namespace) return false;
  return !wide.selector || (!!narrow.selector && selectorMatches(wide.selector, narrow.selector));
}

export function describeScope(s: PolicyScope): string {
  if (s.meshWide) return 'every workload in the mesh';
  if (!s.selector) return `every workload in namespace ${s.namespace}`;
  const labels = Object.entries(s.selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return `the workloads labelled ${labels} in namespace ${s.namespace}`;
}
