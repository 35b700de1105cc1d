/**
 * DestinationRules indexed with Istio's merge and precedence rules: rules for the same host in
 * one namespace merge (subsets appended, the first traffic policy wins); a lookup from a proxy
 * tries its own namespace, then the service's namespace, then the root namespace, each by the
 * most specific host (exact, then the longest wildcard), honouring exportTo and workloadSelector.
 */
import type { Resource } from '../api/resource.ts';
import { isWildcard, mostSpecificMatch, resolveShortName } from '../registry/host.ts';
import { selectorMatches, type Labels } from '../registry/labels.ts';
import type { DestinationRule } from './api-types.ts';
import { sortByNameThenNamespace } from './order.ts';
import { isExportedOutside, isVisibleTo } from './visibility.ts';

export interface ConsolidatedDestinationRule {
  /** Resolved host (FQDN or wildcard). */
  readonly host: string;
  readonly namespace: string;
  /** The merged rule. */
  readonly rule: DestinationRule;
  /** The DestinationRules merged into this one, first = the one whose traffic policy applies. */
  readonly from: readonly Resource<DestinationRule>[];
  readonly exportTo?: readonly string[];
  readonly workloadSelector?: Labels;
}

type HostRules = Map<string, ConsolidatedDestinationRule[]>;

export interface DestinationRuleIndex {
  readonly all: readonly ConsolidatedDestinationRule[];
  /** namespace → host → rules declared in that namespace (visible there whatever their exportTo). */
  readonly namespaceLocal: ReadonlyMap<string, HostRules>;
  /** namespace → host → rules of that namespace exported beyond it. */
  readonly exportedByNamespace: ReadonlyMap<string, HostRules>;
  readonly rootNamespace: string;
}

export function buildDestinationRuleIndex(resources: readonly Resource[], domainSuffix: string, rootNamespace: string): DestinationRuleIndex {
  const sorted = sortByNameThenNamespace(resources) as Resource<DestinationRule>[];
  const namespaceLocal = new Map<string, HostRules>();
  const exportedByNamespace = new Map<string, HostRules>();
  const all: ConsolidatedDestinationRule[] = [];
  for (const r of sorted) {
    const spec = r.spec;
    if (!spec?.host) continue;
    const ns = r.metadata.namespace;
    const host = resolveShortName(spec.host, ns, domainSuffix);
    merge(namespaceLocal, ns, host, r, all);
    if (isExportedOutside(spec.exportTo, ns)) merge(exportedByNamespace, ns, host, r, undefined);
  }
  return { all, namespaceLocal, exportedByNamespace, rootNamespace };
}

function merge(index: Map<string, HostRules>, ns: string, host: string, r: Resource<DestinationRule>, all: ConsolidatedDestinationRule[] | undefined): void {
  let rules = index.get(ns);
  if (!rules) index.set(ns, (rules = new Map()));
  const list = rules.get(host) ?? [];
  const selector = r.spec.workloadSelector?.matchLabels;
  const i = list.findIndex((c) => sameSelector(c.workloadSelector, selector) && sameExport(c.exportTo, r.spec.exportTo));
  if (i < 0) {
    const c: ConsolidatedDestinationRule = { host, namespace: ns, rule: r.spec, from: [r], exportTo: r.spec.exportTo, workloadSelector: selector };
    list.push(c);
    all?.push(c);
  } else {
    const prev = list[i];
    const names = new Set((prev.rule.subsets ?? []).map((s) => s.name));
    const rule: DestinationRule = {
      ...prev.rule,
      subsets: [...(prev.rule.subsets ?? []), ...(r.spec.subsets ?? []).filter((s) => !names.has(s.name))],
      trafficPolicy: prev.rule.trafficPolicy ?? r.spec.trafficPolicy,
    };
    const merged = { ...prev, rule, from: [...prev.from, r] };
    list[i] = merged;
    if (all) all[all.indexOf(prev)] = merged;
  }
  rules.set(host, list);
}

function sameSelector(a: Labels | undefined, b: Labels | undefined): boolean {
  const ka = Object.keys(a ?? {});
  const kb = Object.keys(b ?? {});
  return ka.length === kb.length && ka.every((k) => a![k] === b?.[k]);
}

function sameExport(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const x = [...(a ?? [])].sort().join(',');
  const y = [...(b ?? [])].sort().join(',');
  return x === y || x === '' || y === '';
}

function lookup(rules: HostRules | undefined, hostname: string): ConsolidatedDestinationRule[] | undefined {
  if (!rules) return undefined;
  const exact = rules.get(hostname);
  if (exact) return exact;
  const best = mostSpecificMatch(hostname, [...rules.keys()].filter(isWildcard));
  return best ? rules.get(best) : undefined;
}

function pick(list: ConsolidatedDestinationRule[] | undefined, proxyLabels: Labels): ConsolidatedDestinationRule | undefined {
  if (!list) return undefined;
  return list.find((c) => c.workloadSelector && selectorMatches(c.workloadSelector, proxyLabels)) ?? list.find((c) => !c.workloadSelector);
}

/** The DestinationRule that applies to traffic from a proxy to a service (Istio's PushContext.destinationRule). */
export function destinationRuleFor(index: DestinationRuleIndex, proxy: { namespace: string; labels: Labels }, service: { hostname: string; namespace: string }): ConsolidatedDestinationRule | undefined {
  const local = pick(lookup(index.namespaceLocal.get(proxy.namespace), service.hostname), proxy.labels);
  if (local) return local;
  const visible = (list: ConsolidatedDestinationRule[] | undefined): ConsolidatedDestinationRule[] | undefined => list?.filter((c) => isVisibleTo(c.exportTo, c.namespace, proxy.namespace));
  if (service.namespace && service.namespace !== proxy.namespace) {
    const fromService = pick(visible(lookup(index.exportedByNamespace.get(service.namespace), service.hostname)), proxy.labels);
    if (fromService) return fromService;
  }
  if (index.rootNamespace !== proxy.namespace) return pick(visible(lookup(index.exportedByNamespace.get(index.rootNamespace), service.hostname)), proxy.labels);
  return undefined;
}
