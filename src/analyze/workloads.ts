/**
 * The workloads an analysis can see in configuration files: Pods (whatever their status),
 * WorkloadEntries, and the pod template of each Deployment. Analyzers that need workloads
 * (selectors that must match something, subsets that must select pods) only run when the files
 * contain at least one of these — a tree of Istio YAML alone says nothing about what runs.
 */
import type { Resource } from '../api/resource.ts';
import type { Labels } from '../registry/labels.ts';

export interface AnalyzedWorkload {
  kind: 'Pod' | 'WorkloadEntry' | 'Deployment';
  name: string;
  namespace: string;
  labels: Labels;
  /** Named container ports (Pods, Deployment templates) or WorkloadEntry ports. */
  ports: Record<string, number>;
  /** Numeric container ports declared. */
  containerPorts: number[];
  resource: Resource;
}

export const WORKLOAD_KINDS = ['Pod', 'WorkloadEntry', 'Deployment'] as const;

interface PodSpecLike {
  containers?: { ports?: { name?: string; containerPort?: number }[] }[];
}

function containerPorts(spec: PodSpecLike | undefined): { named: Record<string, number>; numbers: number[] } {
  const named: Record<string, number> = {};
  const numbers: number[] = [];
  for (const c of spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (typeof p.containerPort !== 'number') continue;
      numbers.push(p.containerPort);
      if (p.name) named[p.name] = p.containerPort;
    }
  }
  return { named, numbers };
}

export function collectWorkloads(byKind: (kind: string) => readonly Resource[]): AnalyzedWorkload[] {
  const out: AnalyzedWorkload[] = [];
  for (const r of byKind('Pod')) {
    const p = containerPorts(r.body?.spec);
    out.push({ kind: 'Pod', name: r.metadata.name, namespace: r.metadata.namespace, labels: r.metadata.labels ?? {}, ports: p.named, containerPorts: p.numbers, resource: r });
  }
  for (const r of byKind('WorkloadEntry')) {
    const ports: Record<string, number> = { ...(r.spec?.ports ?? {}) };
    out.push({ kind: 'WorkloadEntry', name: r.metadata.name, namespace: r.metadata.namespace, labels: { ...(r.metadata.labels ?? {}), ...(r.spec?.labels ?? {}) }, ports, containerPorts: Object.values(ports), resource: r });
  }
  for (const r of byKind('Deployment')) {
    const tpl = r.body?.spec?.template;
    const p = containerPorts(tpl?.spec);
    out.push({ kind: 'Deployment', name: r.metadata.name, namespace: r.metadata.namespace, labels: tpl?.metadata?.labels ?? {}, ports: p.named, containerPorts: p.numbers, resource: r });
  }
  return out;
}
