/**
 * SXT0002 RequestAuthenticationWithoutRequiredToken (Sextant's own): a RequestAuthentication only
 * rejects requests that carry an invalid token (401); a request with no token at all passes. Seed
 * 003 notes this. Reported when no AuthorizationPolicy that can apply to the same workloads looks
 * at the request identity: an ALLOW rule with `requestPrincipals` or a `request.auth.*`
 * condition, or a DENY rule with `notRequestPrincipals`.
 */
import type { RequestAuthentication } from '../../api/security/request-authentication.ts';
import type { AuthorizationPolicy, Rule } from '../../api/security/authorization-policy.ts';
import type { Resource } from '../../api/resource.ts';
import type { Analyzer } from '../analyzer.ts';
import { nsName } from '../context.ts';
import { MSG } from '../messages.ts';
import { describeScope, overlaps, policyScope } from '../policy-scope.ts';

function looksAtRequestIdentity(rules: readonly Rule[], action: string): boolean {
  return rules.some((r) => {
    const sources = (r?.from ?? []).map((f) => f?.source ?? {});
    if (action === 'DENY') return sources.some((s) => (s.notRequestPrincipals ?? []).length > 0);
    return sources.some((s) => (s.requestPrincipals ?? []).length > 0) || (r?.when ?? []).some((c) => c?.key?.startsWith('request.auth.'));
  });
}

function requiresToken(p: Resource<AuthorizationPolicy>): boolean {
  return looksAtRequestIdentity(p.spec?.rules ?? [], p.spec?.action ?? 'ALLOW');
}

export const requestAuthenticationWithoutRequiredToken: Analyzer = {
  name: 'authn.RequiredTokenAnalyzer',
  description: 'Checks that a RequestAuthentication is paired with an AuthorizationPolicy that requires a token',
  messages: [MSG.RequestAuthenticationWithoutRequiredToken],
  analyze(ctx) {
    const ras = ctx.byKind<RequestAuthentication>('RequestAuthentication');
    if (ras.length === 0) return;
    const requiring = ctx
      .byKind<AuthorizationPolicy>('AuthorizationPolicy')
      .filter(requiresToken)
      .map((p) => policyScope(ctx, p));
    for (const ra of ras) {
      const rules = ra.spec?.jwtRules ?? [];
      if (rules.length === 0) continue;
      const scope = policyScope(ctx, ra);
      if (requiring.some((p) => overlaps(ctx, p, scope))) continue;
      const issuers = rules.map((r) => r?.issuer ?? '(any issuer)');
      ctx.report(MSG.RequestAuthenticationWithoutRequiredToken, ra, [nsName(ra), issuers, describeScope(scope)], {
        hint: `To require a token, add in namespace ${ra.metadata.namespace} an AuthorizationPolicy with action DENY and a rule \`from: [{source: {notRequestPrincipals: ["*"]}}]\`${scope.selector ? ' and the same selector' : ''}, or ALLOW rules with requestPrincipals.`,
        at: { holder: ra.spec, key: 'jwtRules' },
        path: 'spec.jwtRules',
      });
    }
  },
};
