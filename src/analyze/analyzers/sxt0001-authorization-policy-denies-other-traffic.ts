/**
 * SXT0001 AuthorizationPolicyDeniesOtherTraffic (Sextant's own, Info): the first ALLOW policy on a
 * set of workloads switches them to deny-by-default — every request no ALLOW rule matches now gets
 * `403 RBAC: access denied`, including health checks, other callers and other paths. Reported
 * with what the policy does allow, unless an allow-all policy (a rule `{}`) covers the same
 * workloads. A policy without rules is the deliberate deny-all idiom and is not reported.
 */
import type { AuthorizationPolicy, Rule } from '../../api/security/authorization-policy.ts';
import type { Resource } from '../../api/resource.ts';
import type { Analyzer } from '../analyzer.ts';
import { nsName } from '../context.ts';
import { MSG } from '../messages.ts';
import { covers, describeScope, policyScope } from '../policy-scope.ts';

const isAllow = (p: Resource<AuthorizationPolicy>): boolean => (p.spec?.action ?? 'ALLOW') === 'ALLOW';
const isAllowAll = (p: Resource<AuthorizationPolicy>): boolean => isAllow(p) && (p.spec?.rules ?? []).some((r) => !r || ((r.from ?? []).length === 0 && (r.to ?? []).length === 0 && (r.when ?? []).length === 0));

/** A short summary of what the rules admit: methods, paths, sources. */
function allowed(rules: readonly Rule[]): string {
  const parts = new Set<string>();
  for (const r of rules) {
    for (const t of r?.to ?? []) {
      const o = t?.operation ?? {};
      if (o.methods?.length) parts.add(`methods ${o.methods.join('/')}`);
      if (o.paths?.length) parts.add(`paths ${o.paths.join(', ')}`);
      if (o.ports?.length) parts.add(`ports ${o.ports.join(', ')}`);
    }
    for (const f of r?.from ?? []) {
      const s = f?.source ?? {};
      if (s.principals?.length) parts.add(`principals ${s.principals.join(', ')}`);
      if (s.namespaces?.length) parts.add(`namespaces ${s.namespaces.join(', ')}`);
      if (s.requestPrincipals?.length) parts.add(`request principals ${s.requestPrincipals.join(', ')}`);
    }
  }
  return parts.size > 0 ? ` (it only allows ${[...parts].join('; ')})` : '';
}

export const authorizationPolicyDeniesOtherTraffic: Analyzer = {
  name: 'authz.DenyByDefaultAnalyzer',
  description: 'Points out that an ALLOW AuthorizationPolicy denies every request its rules do not match',
  messages: [MSG.AuthorizationPolicyDeniesOtherTraffic],
  analyze(ctx) {
    const policies = ctx.byKind<AuthorizationPolicy>('AuthorizationPolicy');
    const allowAll = policies.filter(isAllowAll).map((p) => policyScope(ctx, p));
    for (const p of policies) {
      const rules = p.spec?.rules ?? [];
      if (!isAllow(p) || rules.length === 0 || isAllowAll(p)) continue;
      const scope = policyScope(ctx, p);
      if (allowAll.some((a) => covers(a, scope))) continue;
      ctx.report(MSG.AuthorizationPolicyDeniesOtherTraffic, p, [nsName(p), describeScope(scope), rules.length, allowed(rules)], {
        hint: 'If other callers (probes through the sidecar, other services, the ingress gateway) must still get through, add ALLOW rules for them; if only some requests should be refused, write a DENY policy for those instead.',
        at: { holder: p.spec, key: 'rules' },
        path: 'spec.rules',
      });
    }
  },
};
