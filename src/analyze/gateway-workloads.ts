/**
 * Gateways and the workloads they configure: the workloads a Gateway's selector picks (any
 * namespace, as Istio by default), the namespace those workloads run in (where credentialName
 * Secrets are read from), Gateways indexed by `namespace/name`, and selectors rendered as
 * Kubernetes prints them (`istio=ingressgateway`).
 */
import type { Gateway } from '../api/networking/gateway.ts';
import type { Resource } from '../api/resource.ts';
import { selectorMatches, type Labels } from '../registry/labels.ts';
import type { AnalysisContext } from './context.ts';
import type { AnalyzedWorkload } from './workloads.ts';

export function selectorString(sel: Labels | undefined): string {
  return Object.keys(sel ?? {})
    .sort()
    .map((k) => `${k}=${sel![k]}`)
    .join(',');
}

const selected = new WeakMap<AnalysisContext, Map<string, AnalyzedWorkload[]>>();

/** The workloads a Gateway's selector picks (memoised per selector: many Gateways share one). */
export function gatewayWorkloads(ctx: AnalysisContext, gw: Resource<Gateway>): AnalyzedWorkload[] {
  const sel = gw.spec?.selector ?? {};
  let bySelector = selected.get(ctx);
  if (!bySelector) selected.set(ctx, (bySelector = new Map()));
  const key = selectorString(sel);
  let ws = bySelector.get(key);
  if (!ws) bySelector.set(key, (ws = ctx.workloads.filter((w) => selectorMatches(sel, w.labels))));
  return ws;
}

/** The namespace of the gateway workload, or undefined when no workload in the files matches. */
export function gatewayWorkloadNamespace(ctx: AnalysisContext, gw: Resource<Gateway>): string | undefined {
  const ws = gatewayWorkloads(ctx, gw);
  return ws.find((w) => w.kind === 'Pod')?.namespace ?? ws[0]?.namespace;
}

const indexes = new WeakMap<AnalysisContext, Map<string, Resource<Gateway>>>();

/** Gateways by `namespace/name`. */
export function gatewaysByName(ctx: AnalysisContext): Map<string, Resource<Gateway>> {
  let m = indexes.get(ctx);
  if (!m) {
    m = new Map(ctx.byKind<Gateway>('Gateway').map((g) => [`${g.metadata.namespace}/${g.metadata.name}`, g]));
    indexes.set(ctx, m);
  }
  return m;
}
