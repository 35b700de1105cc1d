/**
 * Semantic rules for DestinationRule, after Istio's ValidateDestinationRule: the host, the traffic
 * policy (traffic-policy.ts), subsets (unique DNS-label names, valid labels, their own policy),
 * exportTo and the workload selector.
 */
import type { DestinationRule } from '../../api/networking/destination-rule.ts';
import type { Resource } from '../../api/resource.ts';
import type { ValidationContext } from './context.ts';
import { isDNS1123Label, validateStrictWildcardDomain } from './rules/hosts.ts';
import { reportExportTo, reportSelector } from './report.ts';
import { isIP, labelProblems } from './rules/values.ts';
import { validateTrafficPolicy } from './traffic-policy.ts';

/** Istio's validateSubsetName, shared with VirtualService destinations. */
export function validateSubsetName(name: string): string | undefined {
  if (name.length === 0) return 'subset name cannot be empty';
  if (!isDNS1123Label(name)) return `subset name is invalid: ${name}; use a DNS-1123 label (lower-case letters, digits and '-', at most 63 characters)`;
  return undefined;
}

function validateSubsets(r: Resource<DestinationRule>, ctx: ValidationContext): void {
  const subsets = r.spec.subsets ?? [];
  const seen = new Map<string, number>();
  subsets.forEach((s, i) => {
    const p = `spec.subsets[${i}]`;
    const nameError = validateSubsetName(s.name);
    if (nameError) ctx.error(`${p}.name`, nameError, s, 'name');
    const first = seen.get(s.name);
    if (first !== undefined) ctx.error(`${p}.name`, `duplicate subset names: ${s.name} (first defined at spec.subsets[${first}]); give each subset a unique name`, s, 'name');
    else seen.set(s.name, i);
    for (const [k, msg] of labelProblems(s.labels)) ctx.error(`${p}.labels.${k}`, msg, s.labels, k);
    validateTrafficPolicy(s.trafficPolicy, `${p}.trafficPolicy`, r.metadata.namespace, ctx, s, 'trafficPolicy');
  });
}

export function validateDestinationRule(r: Resource<DestinationRule>, ctx: ValidationContext): void {
  if (r.body.spec === undefined) {
    ctx.error('spec', 'spec is required: a DestinationRule needs at least spec.host');
    return;
  }
  const spec = r.spec;
  const hostError = validateStrictWildcardDomain(spec.host);
  if (hostError && isIP(spec.host)) ctx.error('spec.host', `host ${spec.host} is an IP address; a DestinationRule host is a service name from the registry (a Kubernetes Service or a ServiceEntry host)`, spec, 'host');
  else if (hostError) ctx.error('spec.host', `${hostError}; use a service name such as reviews, reviews.default.svc.cluster.local or *.example.com`, spec, 'host');
  validateTrafficPolicy(spec.trafficPolicy, 'spec.trafficPolicy', r.metadata.namespace, ctx, spec, 'trafficPolicy');
  validateSubsets(r, ctx);
  reportExportTo(spec, r.metadata.namespace, ctx, { drWithSelector: spec.workloadSelector !== undefined });
  if (spec.workloadSelector) {
    reportSelector(spec.workloadSelector.matchLabels ?? {}, 'spec.workloadSelector.matchLabels', ctx, 'workload selector specified without labels; it selects every workload in the namespace', spec, 'workloadSelector');
  }
}
