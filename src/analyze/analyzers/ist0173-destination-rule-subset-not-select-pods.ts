/**
 * IST0173 DestinationRuleSubsetNotSelectPods: a DestinationRule subset whose labels, together
 * with the service's own selector, match no workload — traffic routed to it fails with 503
 * "no healthy upstream" (UH). Runs when the files describe workloads; workloads are Pods,
 * Deployment pod templates, WorkloadEntries and a ServiceEntry's inline endpoints.
 */
import type { DestinationRule } from '../../api/networking/destination-rule.ts';
import type { ServiceEntry } from '../../api/networking/service-entry.ts';
import type { Resource } from '../../api/resource.ts';
import { selectorMatches, type Labels } from '../../registry/labels.ts';
import type { Service } from '../../registry/service.ts';
import type { Analyzer } from '../analyzer.ts';
import type { AnalysisContext } from '../context.ts';
import { MSG } from '../messages.ts';
import { resolveRuleHost } from './ist0174-unknown-destination-rule-host.ts';

/** Label sets of the instances that can back a service. */
function candidates(ctx: AnalysisContext, svc: Service, byNs: Map<string, Labels[]>): Labels[] | undefined {
  if (svc.source.kind === 'ServiceEntry') {
    const se = ctx.byKind<ServiceEntry>('ServiceEntry').find((r) => r.metadata.namespace === svc.source.namespace && r.metadata.name === svc.source.name);
    const inline = (se?.spec?.endpoints ?? []).map((e) => (e?.labels ?? {}) as Labels);
    if (!svc.selector && inline.length === 0) return undefined;
    return [...inline, ...(svc.selector ? (byNs.get(svc.namespace) ?? []).filter((l) => selectorMatches(svc.selector, l)) : [])];
  }
  if (!svc.selector) return undefined;
  return (byNs.get(svc.namespace) ?? []).filter((l) => selectorMatches(svc.selector, l));
}

function describe(labels: readonly Labels[]): string {
  const versions = [...new Set(labels.map((l) => l.version).filter(Boolean))];
  if (versions.length > 0) return `the service's workloads have version label(s) ${versions.join(', ')}`;
  return labels.length > 0 ? `the service has ${labels.length} workload(s), none with these labels` : 'the service selects no workload at all';
}

export const subsetNotSelectPods: Analyzer = {
  name: 'destinationrule.SubsetSelectPodAnalyzer',
  description: 'Checks if pods are selected by subsets in destination rules.',
  messages: [MSG.DestinationRuleSubsetNotSelectPods],
  analyze(ctx) {
    if (!ctx.hasWorkloads) return;
    const byNs = new Map<string, Labels[]>();
    for (const w of ctx.workloads) {
      const list = byNs.get(w.namespace);
      if (list) list.push(w.labels);
      else byNs.set(w.namespace, [w.labels]);
    }
    for (const dr of ctx.byKind<DestinationRule>('DestinationRule')) {
      const subsets = dr.spec?.subsets ?? [];
      if (subsets.length === 0) continue;
      const svc = resolveRuleHost(ctx, dr);
      if (!svc || svc === 'wildcard') continue;
      const backing = candidates(ctx, svc, byNs);
      if (!backing) continue;
      checkSubsets(ctx, dr, backing);
    }
  },
};

function checkSubsets(ctx: AnalysisContext, dr: Resource<DestinationRule>, backing: Labels[]): void {
  dr.spec.subsets!.forEach((s, i) => {
    if (!s?.name || backing.some((l) => selectorMatches(s.labels, l))) return;
    const want = Object.entries(s.labels ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    ctx.report(MSG.DestinationRuleSubsetNotSelectPods, dr, [s.name], {
      hint: `Subset labels ${want || '(none)'} match no workload: ${describe(backing)}; fix the labels, deploy that version, or stop routing to subset ${s.name}.`,
      at: { holder: dr.spec.subsets, key: i },
      path: `spec.subsets[${i}]`,
    });
  });
}
