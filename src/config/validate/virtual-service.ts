/**
 * Semantic rules for VirtualService, after Istio's admission webhook (ValidateVirtualService):
 * hosts (FQDN, wildcard, short name; `*` not for the mesh; no duplicates), gateway references,
 * delegates, exportTo, JWT-claim routing only on gateways, then every HTTP, TLS and TCP route
 * (virtual-service-http.ts, virtual-service-l4.ts) and the unreachable-rule warnings
 * (virtual-service-reachability.ts).
 */
import type { Resource } from '../../api/resource.ts';
import type { HTTPMatchRequest, VirtualService } from '../../api/networking/virtual-service.ts';
import type { ValidationContext } from './context.ts';
import { validateIstioAnnotations } from './policy-target.ts';
import { exportToProblems } from './rules/export-to.ts';
import { hostsMatch, validateStrictWildcardDomain } from './rules/hosts.ts';
import { isJwtClaimHeader } from './rules/http.ts';
import { isIP } from './rules/values.ts';
import { appliesToGatewayOnly, checkGatewayNames, validateGatewayBoundHost } from './virtual-service-common.ts';
import { validateHTTPRoute } from './virtual-service-http.ts';
import { validateTCPRoute, validateTLSRoute } from './virtual-service-l4.ts';
import { analyzeUnreachableRules } from './virtual-service-reachability.ts';

function hasSniHosts(vs: VirtualService): boolean {
  return (vs.tls ?? []).some((t) => (t.match ?? []).some((m) => (m.sniHosts ?? []).length > 0));
}

function checkDelegate(vs: VirtualService, ctx: ValidationContext): void {
  const hint = 'a VirtualService without hosts is a delegate; add hosts, or remove this field';
  if ((vs.gateways ?? []).length > 0) ctx.error('spec.gateways', `delegate virtual service must have no gateways specified; ${hint}`, vs, 'gateways');
  if ((vs.tls ?? []).length > 0) ctx.error('spec.tls', `delegate virtual service must have no tls route specified; ${hint}`, vs, 'tls');
  if ((vs.tcp ?? []).length > 0) ctx.error('spec.tcp', `delegate virtual service must have no tcp route specified; ${hint}`, vs, 'tcp');
}

function checkHosts(vs: VirtualService, gatewayOnly: boolean, ctx: ValidationContext): void {
  const hosts = vs.hosts ?? [];
  const sni = hasSniHosts(vs);
  let allValid = true;
  hosts.forEach((h, i) => {
    const e = gatewayOnly ? validateGatewayBoundHost(sni, h) : validateStrictWildcardDomain(h);
    if (e) {
      if (!isIP(h)) {
        ctx.error(`spec.hosts[${i}]`, `${e}; use a short name, an FQDN or a wildcard such as *.example.com`, hosts, i);
        allValid = false;
      }
    } else if (!gatewayOnly && h === '*') {
      ctx.error(`spec.hosts[${i}]`, 'wildcard host * is not allowed for virtual services bound to the mesh gateway; name the hosts, or bind the VirtualService to gateways only', hosts, i);
      allValid = false;
    }
  });
  if (!allValid) return;
  for (let i = 0; i < hosts.length; i++) {
    for (let j = i + 1; j < hosts.length; j++) {
      if (hostsMatch(hosts[i], hosts[j])) ctx.error(`spec.hosts[${j}]`, `duplicate hosts in virtual service: ${hosts[i]} & ${hosts[j]}; remove one of them`, hosts, j);
    }
  }
}

function checkJwtClaimRouting(vs: VirtualService, ctx: ValidationContext): void {
  (vs.http ?? []).forEach((route, ri) => {
    (route.match ?? []).forEach((m: HTTPMatchRequest, mi) => {
      for (const field of ['headers', 'withoutHeaders'] as const) {
        for (const key of Object.keys(m[field] ?? {})) {
          if (!isJwtClaimHeader(key)) continue;
          ctx.error(
            `spec.http[${ri}].match[${mi}].${field}.${key}`,
            `JWT claim based routing (key: ${key}) is only supported for gateway, found no gateways: [${(vs.gateways ?? []).join(' ')}]; bind the VirtualService to an ingress Gateway`,
            m[field],
            key,
          );
        }
      }
    });
  });
}

export function validateVirtualService(r: Resource<VirtualService>, ctx: ValidationContext): void {
  const vs = r.spec;
  validateIstioAnnotations(r, ctx);
  const delegate = (vs.hosts ?? []).length === 0;
  if (delegate) checkDelegate(vs, ctx);
  const gatewayOnly = appliesToGatewayOnly(vs);
  checkGatewayNames(ctx, 'spec.gateways', vs.gateways);
  if (!gatewayOnly) checkJwtClaimRouting(vs, ctx);
  checkHosts(vs, gatewayOnly, ctx);
  if ((vs.http ?? []).length === 0 && (vs.tcp ?? []).length === 0 && (vs.tls ?? []).length === 0) {
    ctx.error('spec', 'http, tcp or tls must be provided in virtual service; add at least one route', vs);
  }
  (vs.http ?? []).forEach((route, i) => validateHTTPRoute(ctx, `spec.http[${i}]`, route, delegate));
  (vs.tls ?? []).forEach((route, i) => validateTLSRoute(ctx, `spec.tls[${i}]`, route, vs));
  (vs.tcp ?? []).forEach((route, i) => validateTCPRoute(ctx, `spec.tcp[${i}]`, route));
  for (const p of exportToProblems(r.metadata.namespace, vs.exportTo)) {
    if (p.index !== undefined) ctx.error(`spec.exportTo[${p.index}]`, p.message, vs.exportTo, p.index);
    else ctx.error('spec.exportTo', p.message, vs, 'exportTo');
  }
  analyzeUnreachableRules(ctx, vs);
}
