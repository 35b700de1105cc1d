/**
 * The AuthorizationPolicies a request meets: those of the proxy's own workload (a gateway checks
 * requests arriving from outside, whose peer has no mesh identity) and those of the destination
 * workloads behind the chosen endpoints (reached over mutual TLS with the proxy's identity).
 * Each becomes a `policy` step with the verdict. When the generated HTTP filters include RBAC the
 * proxy enforces the gateway's own verdict, and a denial becomes the outcome (403); otherwise
 * the verdict is reported as what Istio would do.
 */
import type { AuthorizationPolicy } from '../api/security/authorization-policy.ts';
import type { HttpConnectionManager } from '../envoy/types.ts';
import { FILTER } from '../envoy/type-urls.ts';
import { decide, type AuthzRequest, type Decision } from './authz-eval.ts';
import { resourceProvenance } from './provenance.ts';
import type { ExplainOutcome } from './types.ts';
import { step, type WalkContext } from './walk-context.ts';

const RBAC_FILTER = 'envoy.filters.http.rbac';

function enforcesRbac(w: WalkContext): boolean {
  for (const l of w.resources.listeners) {
    for (const fc of [...(l.filterChains ?? []), ...(l.defaultFilterChain ? [l.defaultFilterChain] : [])]) {
      for (const f of fc.filters ?? []) {
        if (f.name !== FILTER.httpConnectionManager) continue;
        if (((f.typedConfig as unknown as HttpConnectionManager)?.httpFilters ?? []).some((h) => h.name === RBAC_FILTER)) return true;
      }
    }
  }
  return false;
}

function request(w: WalkContext, principal: string | undefined, ns: string | undefined): AuthzRequest {
  return { method: w.req.method, path: w.req.path, host: w.req.authority, port: w.req.port, headers: w.req.headers, sni: w.req.sni, principal, sourceNamespace: ns };
}

function report(w: WalkContext, who: string, policies: readonly ReturnType<WalkContext['snapshot']['policiesFor']>[number][], d: Decision): void {
  for (const v of d.verdicts) {
    const m = v.match === 'yes' ? `rule ${v.rule} matches` : v.match === 'unknown' ? `rule ${v.rule} may match` : 'no rule matches';
    step(w, 'policy', `${v.policy.metadata.namespace}/${v.policy.metadata.name}`, `${v.action} policy on ${who}: ${m}`, resourceProvenance(v.policy));
  }
  if (policies.length) step(w, 'policy', who, `${d.decision}: ${d.reason}`);
}

export function policySteps(w: WalkContext, outcome: ExplainOutcome): void {
  const own = w.proxy.type === 'router' ? w.snapshot.policiesFor<AuthorizationPolicy>('AuthorizationPolicy', w.proxy.namespace, w.proxy.labels) : [];
  if (own.length) {
    const d = decide(own, request(w, '', ''));
    report(w, `the gateway ${w.proxy.namespace}/${w.proxy.workloadName ?? w.proxy.id}`, own, d);
    if (d.decision === 'deny' && enforcesRbac(w) && outcome.kind !== 'no-listener' && outcome.kind !== 'connection-closed') {
      Object.assign(outcome, { kind: 'direct-response', status: 403, summary: `denied by the gateway's authorization policies: ${d.reason}` });
    } else if (d.decision === 'deny') w.notes.push(`Istio would deny this request at the gateway (${d.reason}); the generated configuration does not enforce AuthorizationPolicies yet`);
  }
  destinationPolicies(w, outcome);
}

function destinationPolicies(w: WalkContext, outcome: ExplainOutcome): void {
  const seen = new Set<string>();
  const principal = `${w.snapshot.mesh.trustDomain}/ns/${w.proxy.namespace}/sa/${w.proxy.serviceAccount ?? 'default'}`;
  for (const e of outcome.endpoints ?? []) {
    if (!e.workload || seen.has(e.workload)) continue;
    seen.add(e.workload);
    const [ns, name] = e.workload.split('/');
    const wl = w.snapshot.registry.workloads.find((x) => x.namespace === ns && x.name === name);
    if (!wl) continue;
    const policies = w.snapshot.policiesFor<AuthorizationPolicy>('AuthorizationPolicy', ns, wl.labels);
    if (policies.length === 0) continue;
    const d = decide(policies, request(w, principal, w.proxy.namespace));
    report(w, `workload ${e.workload} (caller identity ${principal}, assuming mutual TLS)`, policies, d);
  }
}
