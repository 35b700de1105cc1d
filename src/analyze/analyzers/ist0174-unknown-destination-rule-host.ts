/**
 * IST0174 UnknownDestinationRuleHost: a DestinationRule whose host matches no Service or
 * ServiceEntry visible from its namespace, so its policies apply to nothing. `resolveRuleHost` is
 * shared with IST0173, which needs the service a rule is for.
 */
import type { DestinationRule } from '../../api/networking/destination-rule.ts';
import type { Resource } from '../../api/resource.ts';
import { closest } from '../../common/suggest.ts';
import { isVisibleTo } from '../../model/visibility.ts';
import { hostMatches, isWildcard } from '../../registry/host.ts';
import type { Service } from '../../registry/service.ts';
import type { Analyzer } from '../analyzer.ts';
import type { AnalysisContext } from '../context.ts';
import { MSG } from '../messages.ts';

/** The service a DestinationRule is for; for a wildcard host, whether any service matches. */
export function resolveRuleHost(ctx: AnalysisContext, dr: Resource<DestinationRule>): Service | 'wildcard' | undefined {
  const host = dr.spec?.host;
  if (!host) return undefined;
  const ns = dr.metadata.namespace;
  const fqdn = ctx.fqdn(host, ns);
  if (!isWildcard(fqdn)) return ctx.findService(host, ns);
  const any = ctx.registry.services.some((s) => hostMatches(fqdn, s.hostname) && isVisibleTo(s.exportTo, s.namespace, ns));
  return any ? 'wildcard' : undefined;
}

export const unknownDestinationRuleHost: Analyzer = {
  name: 'destinationrule.HostAnalyzer',
  description: 'Checks that each DestinationRule host matches a service',
  messages: [MSG.UnknownDestinationRuleHost],
  analyze(ctx) {
    for (const dr of ctx.byKind<DestinationRule>('DestinationRule')) {
      if (!dr.spec?.host || resolveRuleHost(ctx, dr)) continue;
      const fqdn = ctx.fqdn(dr.spec.host, dr.metadata.namespace);
      const near = closest(fqdn, ctx.registry.servicesByHost.keys());
      const resolved = fqdn !== dr.spec.host ? ` (a short name means ${fqdn})` : '';
      ctx.report(MSG.UnknownDestinationRuleHost, dr, [dr.spec.host], {
        hint: near
          ? `No service has host ${dr.spec.host}${resolved}; did you mean "${near}"?`
          : `No Service or ServiceEntry visible from namespace ${dr.metadata.namespace} has host ${dr.spec.host}${resolved}; fix spec.host (full names look like name.namespace.svc.${ctx.domainSuffix}) or add the service.`,
        at: { holder: dr.spec, key: 'host' },
        path: 'spec.host',
      });
    }
  },
};
