/**
 * What a chosen route does with the request, read from the route the router compiled (so
 * rewrites and redirect locations are computed by the proxy's own code) and from its Envoy
 * config: direct response, redirect, fault injection (an abort at 100% is the answer), weighted
 * or single cluster, path and host rewrites, timeout, retries and mirrors.
 */
import type { HTTPFault, Route } from '../envoy/types.ts';
import { FILTER } from '../envoy/type-urls.ts';
import { faultFraction, type RouteEntry } from './proxy-matchers.ts';
import type { ExplainOutcome, WeightedTarget } from './types.ts';
import { share } from './walk-context.ts';

export type ActionOutcome =
  | { kind: 'direct-response'; status: number; summary: string }
  | { kind: 'redirect'; status: number; location: string; summary: string }
  | { kind: 'fault-abort'; status: number; summary: string }
  | { kind: 'forward'; cluster: string; weighted?: WeightedTarget[]; extra: Partial<ExplainOutcome> };

const pct = (f: number): number => Math.round(f * 100_000) / 1000;

function faults(route: Route): ExplainOutcome['faults'] | undefined {
  const f = route.typedPerFilterConfig?.[FILTER.fault] as HTTPFault | undefined;
  if (!f) return undefined;
  const out: NonNullable<ExplainOutcome['faults']> = {};
  if (f.abort) out.abort = { status: f.abort.httpStatus ?? 200, percent: pct(faultFraction(f.abort.percentage)) };
  if (f.delay?.fixedDelay) out.delay = { fixedDelay: f.delay.fixedDelay, percent: pct(faultFraction(f.delay.percentage)) };
  return out.abort || out.delay ? out : undefined;
}

function forwardExtras(route: Route, entry: RouteEntry, path: string): Partial<ExplainOutcome> {
  const a = route.route!;
  const extra: Partial<ExplainOutcome> = {};
  const rewritten = entry.rewritePath(path);
  const host = entry.hostRewrite;
  if (rewritten !== undefined || host !== undefined) extra.rewrites = { ...(rewritten !== undefined ? { path: rewritten } : {}), ...(host !== undefined ? { host } : {}) };
  extra.timeout = a.timeout ?? '15s';
  if (a.retryPolicy) {
    const r = a.retryPolicy;
    extra.retries = { attempts: r.numRetries ?? 1, ...(r.retryOn ? { retryOn: r.retryOn } : {}), ...(r.perTryTimeout ? { perTryTimeout: r.perTryTimeout } : {}), ...(r.retriableStatusCodes ? { retriableStatusCodes: r.retriableStatusCodes } : {}) };
  }
  const mirrors = (a.requestMirrorPolicies ?? []).map((m) => ({ cluster: m.cluster, percent: pct(faultFraction(m.runtimeFraction?.defaultValue)) }));
  if (mirrors.length) extra.mirrors = mirrors;
  const f = faults(route);
  if (f) extra.faults = f;
  return extra;
}

export function actionOutcome(route: Route, entry: RouteEntry, scheme: string, authority: string, path: string, header: (name: string) => string | undefined): ActionOutcome {
  if (entry.kind === 'direct') return { kind: 'direct-response', status: entry.directStatus, summary: `the proxy answers ${entry.directStatus} itself (direct response)` };
  if (entry.kind === 'redirect') {
    const location = entry.redirect!.location(scheme, authority, path, entry.matchedPrefix);
    return { kind: 'redirect', status: entry.redirect!.status, location, summary: `redirected with ${entry.redirect!.status} to ${location}` };
  }
  const f = faults(route);
  if (f?.abort && f.abort.percent >= 100) return { kind: 'fault-abort', status: f.abort.status, summary: `fault injection aborts every request with ${f.abort.status}` };
  const extra = forwardExtras(route, entry, path);
  if (entry.weighted) {
    const weighted = entry.weighted.map((t) => ({ cluster: t.name, weight: t.weight, share: share(t.weight, entry.totalWeight) }));
    const top = [...weighted].sort((a, b) => b.weight - a.weight)[0];
    return { kind: 'forward', cluster: top.cluster, weighted, extra };
  }
  const cluster = entry.clusterHeader ? (header(entry.clusterHeader) ?? '') : entry.cluster;
  return { kind: 'forward', cluster, extra };
}
