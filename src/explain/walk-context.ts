/**
 * The state one explain walk carries from listener to endpoints: the snapshot and proxy, the
 * generated Envoy resources (the very objects `proxy-config` shows and the proxy applies), the
 * normalised request, and the steps, notes and near-misses collected on the way.
 */
import type { ProxyResources } from '../envoy/types.ts';
import type { GenerationReport } from '../generate/index.ts';
import type { Proxy } from '../model/proxy.ts';
import type { MeshSnapshot } from '../model/snapshot.ts';
import type { NormalizedRequest } from './request.ts';
import type { ExplainStep, NearMiss, Provenance, StepStage } from './types.ts';

export interface WalkContext {
  readonly snapshot: MeshSnapshot;
  readonly proxy: Proxy;
  readonly generated: GenerationReport;
  readonly resources: ProxyResources;
  readonly req: NormalizedRequest;
  readonly steps: ExplainStep[];
  readonly notes: string[];
  readonly nearMisses: NearMiss[];
}

export function step(w: WalkContext, stage: StepStage, name: string, detail: string, source?: Provenance): void {
  const s: { stage: StepStage; name: string; detail: string; source?: Provenance } = { stage, name, detail };
  if (source) s.source = source;
  w.steps.push(s);
}

export function nearMiss(w: WalkContext, what: string, why: string, distance: number, source?: Provenance): void {
  if (w.nearMisses.some((n) => n.what === what && n.why === why)) return;
  const n: NearMiss = { what, why, distance };
  if (source) n.source = source;
  w.nearMisses.push(n);
}

/** Percentage of a weight in a total, rounded to 0.1. */
export function share(weight: number, total: number): number {
  return total > 0 ? Math.round((weight / total) * 1000) / 10 : 0;
}
