/**
 * IST0101 for references around Gateways: a VirtualService's `gateways` entries must name an
 * existing Gateway (`name` is resolved in the VirtualService's own namespace, seed 000's trap);
 * a Gateway's selector must pick a workload and its `credentialName` Secrets must exist in the
 * namespace where that workload runs (both only when the files describe workloads).
 */
import type { Gateway } from '../../api/networking/gateway.ts';
import type { VirtualService } from '../../api/networking/virtual-service.ts';
import type { Resource } from '../../api/resource.ts';
import { closest } from '../../common/suggest.ts';
import { MESH_GATEWAY, resolveGatewayName } from '../../model/virtual-service-index.ts';
import type { AnalysisContext } from '../context.ts';
import { gatewaysByName, gatewayWorkloadNamespace, selectorString } from '../gateway-workloads.ts';
import { MSG } from '../messages.ts';

export function checkVirtualServiceGateways(ctx: AnalysisContext, vs: Resource<VirtualService>, hints: Map<string, string>): void {
  const byName = gatewaysByName(ctx);
  (vs.spec?.gateways ?? []).forEach((g, i) => {
    if (g === MESH_GATEWAY) return;
    const full = resolveGatewayName(g, vs.metadata.namespace);
    if (byName.has(full)) return;
    const key = `${g}|${full}`;
    let hint = hints.get(key);
    if (hint === undefined) hints.set(key, (hint = missingGatewayHint(ctx, g, full)));
    ctx.report(MSG.ReferencedResourceNotFound, vs, ['gateway', g], { hint, at: { holder: vs.spec.gateways, key: i }, path: `spec.gateways[${i}]` });
  });
}

function missingGatewayHint(ctx: AnalysisContext, written: string, full: string): string {
  const [ns, name] = full.split('/');
  const rejected = ctx.rejected('Gateway').find((r) => r.namespace === ns && r.name === name);
  if (rejected) return `Gateway ${full} is defined at ${rejected.where} but was rejected by validation (see its IST0106); fix it there.`;
  const elsewhere = [...gatewaysByName(ctx).keys()].filter((k) => k.endsWith(`/${name}`));
  const scope = written.includes('/') ? '' : ` (a name without namespace means the VirtualService's namespace, ${ns})`;
  if (elsewhere.length > 0) return `No Gateway ${full}${scope}; Gateway ${elsewhere.join(', ')} exists — write "${elsewhere[0]}" to bind it.`;
  const near = closest(name, [...gatewaysByName(ctx).keys()].filter((k) => k.startsWith(`${ns}/`)).map((k) => k.slice(ns.length + 1)));
  if (near) return `No Gateway ${full}${scope}; did you mean "${near}"?`;
  return `No Gateway ${full}${scope}; create it, write "namespace/name" for a Gateway elsewhere, or remove the entry.`;
}

export function checkGatewayWorkloadAndSecrets(ctx: AnalysisContext, gw: Resource<Gateway>): void {
  if (!ctx.hasWorkloads) return;
  const sel = gw.spec?.selector ?? {};
  const ns = gatewayWorkloadNamespace(ctx, gw);
  if (!ns) {
    const s = selectorString(sel);
    ctx.report(MSG.ReferencedResourceNotFound, gw, ['selector', s], {
      hint: `No Pod, Deployment or WorkloadEntry in the analyzed files has the labels ${s || '(any)'}; fix spec.selector to the labels of the gateway deployment (usually istio=ingressgateway).`,
      at: { holder: gw.spec, key: 'selector' },
      path: 'spec.selector',
    });
    return;
  }
  (gw.spec?.servers ?? []).forEach((s, i) => {
    const names = [s.tls?.credentialName, ...(s.tls?.credentialNames ?? [])].filter((n): n is string => !!n);
    for (const cn of names) {
      const [secretNs, secretName] = cn.includes('/') ? cn.split('/', 2) : [ns, cn];
      if (ctx.secret(secretNs, secretName)) continue;
      const inGatewayNs = gw.metadata.namespace !== secretNs && ctx.secret(gw.metadata.namespace, secretName);
      const hint = inGatewayNs
        ? `Secret ${gw.metadata.namespace}/${secretName} exists, but a gateway reads credentialName Secrets from the namespace its workload runs in (${secretNs}); move or copy the Secret there.`
        : `Create a Secret ${secretName} of type kubernetes.io/tls (keys tls.crt and tls.key) in namespace ${secretNs}, where the gateway workload runs.`;
      ctx.report(MSG.ReferencedResourceNotFound, gw, ['credentialName', cn], { hint, at: { holder: s.tls, key: s.tls?.credentialName === cn ? 'credentialName' : 'credentialNames' }, path: `spec.servers[${i}].tls.credentialName` });
    }
  });
}
