/**
 * IST0110 ConflictingSidecarWorkloadSelectors: two Sidecars with workload selectors in one
 * namespace that select the same workload. Which one the proxy gets is undefined. Only runs when
 * the files describe workloads (Pods, Deployments, WorkloadEntries).
 */
import type { Sidecar } from '../../api/networking/sidecar.ts';
import type { Resource } from '../../api/resource.ts';
import { selectorMatches } from '../../registry/labels.ts';
import type { Analyzer } from '../analyzer.ts';
import { MSG } from '../messages.ts';

export const conflictingSidecarSelectors: Analyzer = {
  name: 'sidecar.ConflictingWorkloadSelectorAnalyzer',
  description: 'Checks that no workload is selected by more than one Sidecar',
  messages: [MSG.ConflictingSidecarWorkloadSelectors],
  analyze(ctx) {
    const withSelector = ctx.byKind<Sidecar>('Sidecar').filter((s) => Object.keys(s.spec?.workloadSelector?.labels ?? {}).length > 0);
    if (withSelector.length < 2 || !ctx.hasWorkloads) return;
    const reported = new Set<Resource>();
    for (const w of ctx.workloads) {
      const hits = withSelector.filter((s) => s.metadata.namespace === w.namespace && selectorMatches(s.spec.workloadSelector!.labels, w.labels));
      if (hits.length < 2) continue;
      const names = hits.map((s) => s.metadata.name).sort();
      for (const s of hits) {
        if (reported.has(s)) continue;
        reported.add(s);
        ctx.report(MSG.ConflictingSidecarWorkloadSelectors, s, [names, w.namespace, w.name], {
          hint: `Merge them into one Sidecar, or make their workloadSelector labels disjoint so that ${w.kind} ${w.name} matches exactly one.`,
          at: { holder: s.spec.workloadSelector, key: 'labels' },
          path: 'spec.workloadSelector.labels',
        });
      }
    }
  },
};
