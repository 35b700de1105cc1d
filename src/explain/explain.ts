/**
 * `explainRequest`: where one request goes and why. It generates the Envoy resources the control
 * plane would send to the chosen workload's proxy and walks them as that proxy would — listener →
 * filter chain → route configuration → virtual host → route → cluster → endpoints — naming the
 * Istio resource and file:line behind each step, the outcome (status or cluster, rewrites,
 * retries, timeout, faults, applicable policies) and, for a miss, the nearest near-misses.
 */
import type { ProxyResources } from '../envoy/types.ts';
import { generateWithReport, type GenerationReport } from '../generate/index.ts';
import type { Proxy } from '../model/proxy.ts';
import type { MeshSnapshot } from '../model/snapshot.ts';
import { proxyForWorkload } from '../model/workload-proxy.ts';
import type { Labels } from '../registry/labels.ts';
import { walkListener } from './listener-walk.ts';
import { policySteps } from './policies.ts';
import { normalizeRequest } from './request.ts';
import type { ExplainRequestInput, ExplainResult } from './types.ts';
import type { WalkContext } from './walk-context.ts';

export interface ExplainTarget {
  snapshot: MeshSnapshot;
  /** Labels of the workload whose proxy handles the request (e.g. istio=ingressgateway). */
  labels?: Labels;
  namespace?: string;
  type?: 'router' | 'sidecar';
  /** The proxy, when the caller already has one (labels/namespace/type are then ignored). */
  proxy?: Proxy;
  /** Resources already generated for that proxy (e.g. the bundle a live proxy was given). */
  generated?: GenerationReport;
}

const MAX_NEAR_MISSES = 8;

export function explainRequest(target: ExplainTarget, request: ExplainRequestInput): ExplainResult {
  const req = normalizeRequest(request);
  const proxy = target.proxy ?? proxyForWorkload(target.snapshot, target.labels ?? {}, { namespace: target.namespace, type: target.type });
  const generated = target.generated ?? generateWithReport(proxy, target.snapshot);
  const w: WalkContext = { snapshot: target.snapshot, proxy, generated, resources: generated.resources, req, steps: [], notes: [], nearMisses: [] };
  for (const p of generated.problems) w.notes.push(`${p.kind} ${p.name}: ${p.message}`);
  const outcome = walkListener(w);
  policySteps(w, outcome);
  w.nearMisses.sort((a, b) => a.distance - b.distance);
  return {
    proxy: { type: proxy.type, id: proxy.id, namespace: proxy.namespace, labels: { ...proxy.labels } },
    request: req,
    steps: w.steps,
    outcome,
    nearMisses: w.nearMisses.slice(0, MAX_NEAR_MISSES),
    notes: [...new Set(w.notes)],
  };
}

/** The resources one explanation walked (for callers that want to apply the same bundle to a proxy). */
export function resourcesFor(target: ExplainTarget): ProxyResources {
  const proxy = target.proxy ?? proxyForWorkload(target.snapshot, target.labels ?? {}, { namespace: target.namespace, type: target.type });
  return (target.generated ?? generateWithReport(proxy, target.snapshot)).resources;
}
