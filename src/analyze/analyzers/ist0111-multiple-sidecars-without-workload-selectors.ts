/**
 * IST0111 MultipleSidecarsWithoutWorkloadSelectors: a namespace may have one Sidecar without a
 * workload selector (its default); with several, which one applies is undefined.
 */
import type { Sidecar } from '../../api/networking/sidecar.ts';
import type { Resource } from '../../api/resource.ts';
import type { Analyzer } from '../analyzer.ts';
import { MSG } from '../messages.ts';

export const multipleSidecarsWithoutSelectors: Analyzer = {
  name: 'sidecar.DefaultSidecarAnalyzer',
  description: 'Checks that a namespace has at most one Sidecar without a workload selector',
  messages: [MSG.MultipleSidecarsWithoutWorkloadSelectors],
  analyze(ctx) {
    const byNs = new Map<string, Resource<Sidecar>[]>();
    for (const s of ctx.byKind<Sidecar>('Sidecar')) {
      if (Object.keys(s.spec?.workloadSelector?.labels ?? {}).length > 0) continue;
      const list = byNs.get(s.metadata.namespace) ?? [];
      list.push(s);
      byNs.set(s.metadata.namespace, list);
    }
    for (const [ns, list] of byNs) {
      if (list.length < 2) continue;
      const names = list.map((s) => s.metadata.name).sort();
      for (const s of list) {
        ctx.report(MSG.MultipleSidecarsWithoutWorkloadSelectors, s, [names, ns], {
          hint: `Keep one namespace-wide Sidecar in ${ns} and merge the others into it, or give them workloadSelector labels.`,
        });
      }
    }
  },
};
