/**
 * VirtualService TLS and TCP route rules, after Istio's validateTLSRoute / validateTCPRoute:
 * SNI hosts (wildcard domains that fall within the VirtualService hosts), destination subnets,
 * ports, source labels, gateways, and weighted destinations.
 */
import type { L4MatchAttributes, RouteDestination, TCPRoute, TLSMatchAttributes, TLSRoute, VirtualService } from '../../api/networking/virtual-service.ts';
import type { ValidationContext } from './context.ts';
import { hostSubsetOf, validateStrictWildcardDomain } from './rules/hosts.ts';
import { isIP, labelProblems, validateIPOrCIDR, validatePort } from './rules/values.ts';
import { appliesToGatewayOnly, checkDestination, checkGatewayNames, checkWeights, validateGatewayBoundHost } from './virtual-service-common.ts';

type Ctx = ValidationContext;

function checkL4Match(ctx: Ctx, path: string, m: L4MatchAttributes | TLSMatchAttributes): void {
  (m.destinationSubnets ?? []).forEach((s, i) => {
    const e = validateIPOrCIDR(s);
    if (e) ctx.error(`${path}.destinationSubnets[${i}]`, `${e}; write an IP such as 10.1.2.3 or a CIDR block such as 10.0.0.0/16`, m.destinationSubnets, i);
  });
  if ('sourceSubnet' in m && m.sourceSubnet) {
    const e = validateIPOrCIDR(m.sourceSubnet);
    if (e) ctx.error(`${path}.sourceSubnet`, e, m, 'sourceSubnet');
  }
  if (m.port !== undefined && m.port !== 0) {
    const e = validatePort(m.port);
    if (e) ctx.error(`${path}.port`, e, m, 'port');
  }
  for (const [k, e] of labelProblems(m.sourceLabels)) ctx.error(`${path}.sourceLabels.${k}`, e, m.sourceLabels, k);
  checkGatewayNames(ctx, `${path}.gateways`, m.gateways);
}

function checkSniHost(ctx: Ctx, path: string, sni: string, vs: VirtualService, holder: string[], i: number): void {
  const e = appliesToGatewayOnly(vs) ? validateGatewayBoundHost(true, sni) : validateStrictWildcardDomain(sni);
  if (e) {
    if (isIP(sni)) ctx.warn(path, `using an IP address ("${sni}") goes against SNI spec and most clients do not support this`, holder, i);
    else ctx.error(path, `${e}; an SNI host is a domain such as example.com or *.example.com`, holder, i);
    return;
  }
  const hosts = vs.hosts ?? [];
  if (hosts.some((h) => hostSubsetOf(sni, h))) return;
  ctx.error(path, `SNI host "${sni}" is not a compatible subset of any of the virtual service hosts: [${hosts.join(', ')}]; add it to spec.hosts or match a host listed there`, holder, i);
}

function checkRouteDestinations(ctx: Ctx, path: string, owner: TLSRoute | TCPRoute, kind: 'TLS' | 'TCP'): void {
  const routes: RouteDestination[] = owner.route ?? [];
  if (routes.length === 0) ctx.error(`${path}.route`, `${kind} route is required; add route with at least one destination`, owner, 'route');
  routes.forEach((d, i) => checkDestination(ctx, `${path}.route[${i}].destination`, d.destination));
  checkWeights(ctx, `${path}.route`, routes);
}

export function validateTLSRoute(ctx: Ctx, path: string, t: TLSRoute, vs: VirtualService): void {
  const matches = t.match ?? [];
  if (matches.length === 0) ctx.error(`${path}.match`, 'TLS route must have at least one match condition; match on sniHosts', t, 'match');
  matches.forEach((m, mi) => {
    const p = `${path}.match[${mi}]`;
    const sni = m.sniHosts ?? [];
    if (sni.length === 0) ctx.error(`${p}.sniHosts`, 'TLS match must have at least one SNI host', m, 'sniHosts');
    sni.forEach((h, i) => checkSniHost(ctx, `${p}.sniHosts[${i}]`, h, vs, sni, i));
    checkL4Match(ctx, p, m);
  });
  checkRouteDestinations(ctx, path, t, 'TLS');
}

export function validateTCPRoute(ctx: Ctx, path: string, t: TCPRoute): void {
  (t.match ?? []).forEach((m, i) => checkL4Match(ctx, `${path}.match[${i}]`, m));
  checkRouteDestinations(ctx, path, t, 'TCP');
}
