/** Steps shared by router and sidecar generation: collecting referenced route and secret names, resolving secrets. */
import type { Cluster, Listener, Secret } from '../envoy/types.ts';
import type { GenerationContext } from './context.ts';
import { referencedSecretNames } from './listener/downstream-tls.ts';
import { ROOT_CA_SECRET, WORKLOAD_CERT_SECRET } from './cluster/upstream-tls.ts';
import { isSecretProblem, resolveSecret } from './secrets.ts';

export interface GenerationProblem {
  /** What the problem concerns: `secret`, `gateway`, ... */
  kind: string;
  name: string;
  message: string;
}

/** RDS names in listener order, without duplicates. */
export function listenerRouteNames(listeners: readonly Listener[]): string[] {
  const names = new Set<string>();
  for (const l of listeners) {
    for (const fc of [...(l.filterChains ?? []), ...(l.defaultFilterChain ? [l.defaultFilterChain] : [])]) {
      for (const f of fc.filters ?? []) {
        const n = (f.typedConfig as { rds?: { routeConfigName?: string } } | undefined)?.rds?.routeConfigName;
        if (n !== undefined) names.add(n);
      }
    }
  }
  return [...names];
}

export function listenerSecretNames(listeners: readonly Listener[], clusters: readonly Cluster[]): string[] {
  const names = new Set<string>();
  for (const l of listeners) for (const fc of l.filterChains ?? []) for (const n of referencedSecretNames((fc.transportSocket?.typedConfig ?? {}) as never)) names.add(n);
  for (const c of clusters) for (const n of referencedSecretNames((c.transportSocket?.typedConfig ?? {}) as never)) names.add(n);
  names.delete(WORKLOAD_CERT_SECRET);
  names.delete(ROOT_CA_SECRET);
  return [...names];
}

export function resolveSecrets(ctx: GenerationContext, names: readonly string[], problems: GenerationProblem[]): Secret[] {
  const out: Secret[] = [];
  for (const n of names) {
    const s = resolveSecret(n, ctx.proxy.namespace, ctx.snapshot);
    if (isSecretProblem(s)) problems.push({ kind: 'secret', name: n, message: s.message });
    else out.push(s);
  }
  return out;
}
