/**
 * IST0101 ReferencedResourceNotFound: a reference that resolves to nothing. Checked here:
 * VirtualService gateways, destination hosts, ports and subsets (ist0101-destinations.ts);
 * Gateway selectors and credentialName Secrets (ist0101-gateway-references.ts); Sidecar
 * workload selectors; and the extension provider of a CUSTOM AuthorizationPolicy, which must be
 * declared in the mesh config's `extensionProviders`.
 */
import type { Gateway } from '../../api/networking/gateway.ts';
import type { Sidecar } from '../../api/networking/sidecar.ts';
import type { VirtualService } from '../../api/networking/virtual-service.ts';
import type { Resource } from '../../api/resource.ts';
import type { AuthorizationPolicy } from '../../api/security/authorization-policy.ts';
import { closest } from '../../common/suggest.ts';
import { selectorMatches } from '../../registry/labels.ts';
import type { Analyzer } from '../analyzer.ts';
import type { AnalysisContext } from '../context.ts';
import { selectorString } from '../gateway-workloads.ts';
import { MSG } from '../messages.ts';
import { checkDestinations, subsetsByHost } from './ist0101-destinations.ts';
import { checkGatewayWorkloadAndSecrets, checkVirtualServiceGateways } from './ist0101-gateway-references.ts';

export const referencedResourceNotFound: Analyzer = {
  name: 'reference.ReferencedResourceNotFoundAnalyzer',
  description: 'Checks that gateways, hosts, ports, subsets, selectors, credential Secrets and extension providers referenced by configuration exist',
  messages: [MSG.ReferencedResourceNotFound],
  analyze(ctx) {
    const subsets = subsetsByHost(ctx);
    const gatewayHints = new Map<string, string>();
    for (const vs of ctx.byKind<VirtualService>('VirtualService')) {
      checkVirtualServiceGateways(ctx, vs, gatewayHints);
      checkDestinations(ctx, vs, subsets);
    }
    for (const gw of ctx.byKind<Gateway>('Gateway')) checkGatewayWorkloadAndSecrets(ctx, gw);
    for (const sc of ctx.byKind<Sidecar>('Sidecar')) checkSidecarSelector(ctx, sc);
    for (const ap of ctx.byKind<AuthorizationPolicy>('AuthorizationPolicy')) checkExtensionProvider(ctx, ap);
  },
};

function checkSidecarSelector(ctx: AnalysisContext, sc: Resource<Sidecar>): void {
  const labels = sc.spec?.workloadSelector?.labels;
  if (!ctx.hasWorkloads || !labels || Object.keys(labels).length === 0) return;
  const ns = sc.metadata.namespace;
  if (ctx.workloads.some((w) => w.namespace === ns && selectorMatches(labels, w.labels))) return;
  const s = selectorString(labels);
  ctx.report(MSG.ReferencedResourceNotFound, sc, ['selector', s], {
    hint: `No workload in namespace ${ns} has the labels ${s}; a Sidecar only selects workloads of its own namespace — fix workloadSelector.labels or move the Sidecar.`,
    at: { holder: sc.spec.workloadSelector, key: 'labels' },
    path: 'spec.workloadSelector.labels',
  });
}

function checkExtensionProvider(ctx: AnalysisContext, ap: Resource<AuthorizationPolicy>): void {
  const name = ap.spec?.provider?.name;
  if (ap.spec?.action !== 'CUSTOM' || !name) return;
  const providers = ((ctx.mesh.raw.extensionProviders ?? []) as { name?: string }[]).map((p) => p?.name).filter((n): n is string => !!n);
  if (providers.includes(name)) return;
  const meshFound = ctx.byKind('ConfigMap').some((c) => c.metadata.name === 'istio' || c.metadata.name === 'istio-mesh-cm');
  let hint: string;
  if (!meshFound) hint = `No mesh config (ConfigMap istio in ${ctx.rootNamespace}) is among the analyzed files, so no extension provider is known; declare "${name}" under meshConfig.extensionProviders (envoyExtAuthzHttp or envoyExtAuthzGrpc). Until then Istio denies every request this policy applies to.`;
  else {
    const near = closest(name, providers);
    hint = `The mesh config declares ${providers.length ? providers.join(', ') : 'no extension providers'}${near ? ` (did you mean "${near}"?)` : ''}; add "${name}" to meshConfig.extensionProviders or fix provider.name. Until then Istio denies every request this policy applies to.`;
  }
  ctx.report(MSG.ReferencedResourceNotFound, ap, ['extension provider', name], { hint, at: { holder: ap.spec.provider, key: 'name' }, path: 'spec.provider.name' });
}
