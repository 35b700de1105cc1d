/**
 * IST0101 for VirtualService destinations: the host must name a Service or ServiceEntry visible
 * from the VirtualService's namespace, an explicit port must be one of its ports, and a subset
 * must be defined by a DestinationRule for that host (Istio's DestinationHostAnalyzer and
 * DestinationRuleAnalyzer), each with what to change.
 */
import type { DestinationRule } from '../../api/networking/destination-rule.ts';
import type { VirtualService } from '../../api/networking/virtual-service.ts';
import type { Resource } from '../../api/resource.ts';
import { closest } from '../../common/suggest.ts';
import { isVisibleTo } from '../../model/visibility.ts';
import type { AnalysisContext } from '../context.ts';
import { MSG } from '../messages.ts';
import { virtualServiceDestinations, type DestinationRef } from '../virtual-service-walk.ts';

/** FQDN host → subset names defined by DestinationRules (any namespace, as Istio's analyzer). */
export function subsetsByHost(ctx: AnalysisContext): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const dr of ctx.byKind<DestinationRule>('DestinationRule')) {
    if (!dr.spec?.host) continue;
    const host = ctx.fqdn(dr.spec.host, dr.metadata.namespace);
    const set = out.get(host) ?? new Set<string>();
    for (const s of dr.spec.subsets ?? []) if (s?.name) set.add(s.name);
    out.set(host, set);
  }
  return out;
}

export function checkDestinations(ctx: AnalysisContext, vs: Resource<VirtualService>, subsets: Map<string, Set<string>>): void {
  const ns = vs.metadata.namespace;
  for (const ref of virtualServiceDestinations(vs)) {
    const d = ref.destination;
    if (!d.host) continue;
    const svc = ctx.findService(d.host, ns);
    if (!svc) {
      ctx.report(MSG.ReferencedResourceNotFound, vs, [ref.role === 'mirror' ? 'mirror host' : 'host', d.host], { hint: missingHostHint(ctx, vs, d.host), at: { holder: d, key: 'host' }, path: `${ref.path}.host` });
      continue;
    }
    const port = d.port?.number;
    if (port && svc.ports.length > 0 && !svc.ports.some((p) => p.port === port)) {
      const ports = svc.ports.map((p) => p.port).join(', ');
      ctx.report(MSG.ReferencedResourceNotFound, vs, ['host:port', `${d.host}:${port}`], {
        hint: `${svc.source.kind} ${svc.source.namespace}/${svc.source.name} exposes port(s) ${ports}; set destination.port.number to one of them.`,
        at: { holder: d.port, key: 'number' },
        path: `${ref.path}.port.number`,
      });
    }
    if (d.subset) checkSubset(ctx, vs, ref, subsets);
  }
}

function checkSubset(ctx: AnalysisContext, vs: Resource<VirtualService>, ref: DestinationRef, subsets: Map<string, Set<string>>): void {
  const d = ref.destination;
  const host = ctx.fqdn(d.host, vs.metadata.namespace);
  const defined = subsets.get(host);
  if (defined?.has(d.subset!)) return;
  let hint: string;
  if (!defined) hint = `No DestinationRule has host ${host}; add one with \`host: ${d.host}\` and a subset named "${d.subset}" (with the labels of the pods it should select), or remove the subset.`;
  else if (defined.size === 0) hint = `The DestinationRule for ${host} defines no subsets; add a subset named "${d.subset}" to it, or remove the subset here.`;
  else {
    const near = closest(d.subset!, defined);
    hint = `The DestinationRule for ${host} defines subset(s) ${[...defined].join(', ')}${near ? ` (did you mean "${near}"?)` : ''}; use one of them or add "${d.subset}".`;
  }
  ctx.report(MSG.ReferencedResourceNotFound, vs, [ref.role === 'mirror' ? 'mirror+subset in destinationrule' : 'host+subset in destinationrule', `${d.host}+${d.subset}`], {
    hint,
    at: { holder: d, key: 'subset' },
    path: `${ref.path}.subset`,
  });
}

function missingHostHint(ctx: AnalysisContext, vs: Resource<VirtualService>, host: string): string {
  const ns = vs.metadata.namespace;
  const fqdn = ctx.fqdn(host, ns);
  const reg = ctx.registry;
  const hidden = (reg.servicesByHost.get(fqdn) ?? []).find((s) => !isVisibleTo(s.exportTo, s.namespace, ns));
  if (hidden) return `${hidden.source.kind} ${hidden.source.namespace}/${hidden.source.name} defines it but its exportTo [${(hidden.exportTo ?? []).join(', ')}] hides it from namespace ${ns}; export it to ${ns} or "*".`;
  const resolved = fqdn !== host ? ` (a short name is resolved in the VirtualService's namespace: ${fqdn})` : '';
  const near = closest(fqdn, reg.servicesByHost.keys());
  if (near) return `No Service or ServiceEntry has host ${host}${resolved}; did you mean "${near}"?`;
  const byName = reg.services.find((s) => s.source.kind === 'Service' && s.source.name === host.split('.')[0] && s.namespace !== ns);
  if (byName) return `No Service ${host} in namespace ${ns}${resolved}; Service ${byName.namespace}/${byName.source.name} exists — write its full name ${byName.hostname}.`;
  const rejected = [...ctx.rejected('ServiceEntry').map((r) => `ServiceEntry ${r.namespace}/${r.name} (${r.where})`), ...ctx.rejected('Service').map((r) => `Service ${r.namespace}/${r.name} (${r.where})`)];
  const note = rejected.length > 0 ? ` Rejected by validation and therefore not considered: ${rejected.join(', ')} — fix its IST0106 first if it declares this host.` : '';
  return `No Service or ServiceEntry in the analyzed configuration has host ${host}${resolved}; create the Service, add a ServiceEntry for an external host, or fix the name.${note}`;
}
