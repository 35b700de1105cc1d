/**
 * Outbound HTTP route configurations of a sidecar, one per port (`80`): a virtual host per
 * VirtualService host (mesh-bound, visible, sidecar-scoped) and per service without one (default
 * route with Istio's retry policy), domains as callers write them (FQDN, `name.ns.svc`, `name.ns`,
 * `name` in the same namespace, VIP; each also with `:port`), then `allow_any` to
 * PassthroughCluster or `block_all` answering 502 (REGISTRY_ONLY). Like Istio, every virtual host
 * sets `includeRequestAttemptCount` (x-envoy-attempt-count goes upstream).
 */
import type { Route, RouteConfiguration, VirtualHost } from '../envoy/types.ts';
import { MESH_GATEWAY } from '../model/virtual-service-index.ts';
import { hostMatches, isWildcard } from '../registry/host.ts';
import { isHttp } from '../registry/protocol.ts';
import type { Service } from '../registry/service.ts';
import type { GenerationContext } from './context.ts';
import { MAX_DIRECT_RESPONSE_BODY_BYTES } from './gateway-routes.ts';
import { DEFAULT_ROUTE_NAME, domainName, PASSTHROUGH_CLUSTER, subsetKey } from './names.ts';
import { consistentHashForPort, hashPolicyFor } from './route/hash-policy.ts';
import { convertRetryPolicy } from './route/retry.ts';

export function serviceDomains(svc: Service, port: number, proxyNamespace: string, domainSuffix: string): string[] {
  const names = [svc.hostname];
  const suffix = `.svc.${domainSuffix}`;
  if (svc.hostname.endsWith(suffix)) {
    const short = svc.hostname.slice(0, -suffix.length);
    names.push(`${short}.svc`, short);
    if (svc.namespace === proxyNamespace) names.push(short.split('.')[0]);
  }
  names.push(...svc.addresses);
  return names.flatMap((n) => [n, domainName(n, port)]);
}

export function defaultOutboundRoute(ctx: GenerationContext, svc: Service, port: number): Route {
  const cluster = subsetKey('outbound', undefined, svc.hostname, port);
  const hp = hashPolicyFor(consistentHashForPort(ctx.destinationRule(svc)?.rule, port));
  const retry = convertRetryPolicy(ctx.snapshot.mesh.defaultHttpRetryPolicy, !!hp);
  const route: Route = { name: DEFAULT_ROUTE_NAME, match: { prefix: '/' }, route: { cluster, timeout: '0s' }, decorator: { operation: `${svc.hostname}:${port}/*` } };
  if (retry) route.route!.retryPolicy = retry;
  if (hp) route.route!.hashPolicy = [hp];
  route.route!.maxGrpcTimeout = '0s';
  return route;
}

export function sidecarRouteConfiguration(ctx: GenerationContext, port: number): RouteConfiguration {
  const used = new Set<string>();
  const vhosts: VirtualHost[] = [];
  const addVhost = (name: string, domains: string[], routes: Route[]): void => {
    const free = domains.filter((d) => !used.has(d));
    if (free.length === 0 || routes.length === 0) return;
    for (const d of free) used.add(d);
    vhosts.push({ name, domains: free, routes, includeRequestAttemptCount: true });
  };
  const services = ctx.scope.services.filter((s) => s.ports.some((p) => p.port === port && isHttp(p.protocol)));
  const covered = new Set<Service>();
  const memo = ctx.routeMemo('mesh');
  for (const vs of ctx.scope.meshVirtualServices) {
    if (!vs.spec.http?.length) continue;
    const routes = memo.routes(vs, port, false, MESH_GATEWAY);
    for (const h of vs.spec.hosts ?? []) {
      const matched = isWildcard(h) ? services.filter((s) => hostMatches(h, s.hostname)) : services.filter((s) => s.hostname === h);
      for (const svc of matched) {
        if (covered.has(svc)) continue;
        covered.add(svc);
        addVhost(domainName(svc.hostname, port), serviceDomains(svc, port, ctx.proxy.namespace, ctx.snapshot.domainSuffix), routes);
      }
      if (matched.length === 0 && port === 80 && !ctx.scope.servicesByHost.has(h)) addVhost(domainName(h, port), [h, domainName(h, port)], routes);
    }
  }
  for (const svc of services) if (!covered.has(svc)) addVhost(domainName(svc.hostname, port), serviceDomains(svc, port, ctx.proxy.namespace, ctx.snapshot.domainSuffix), [defaultOutboundRoute(ctx, svc, port)]);
  vhosts.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  vhosts.push(fallbackVirtualHost(ctx));
  return { name: String(port), virtualHosts: vhosts, validateClusters: false, maxDirectResponseBodySizeBytes: MAX_DIRECT_RESPONSE_BODY_BYTES };
}

function fallbackVirtualHost(ctx: GenerationContext): VirtualHost {
  if (ctx.scope.outboundTrafficPolicy === 'REGISTRY_ONLY') {
    return { name: 'block_all', domains: ['*'], routes: [{ name: 'block_all', match: { prefix: '/' }, directResponse: { status: 502 } }], includeRequestAttemptCount: true };
  }
  return { name: 'allow_any', domains: ['*'], routes: [{ name: 'allow_any', match: { prefix: '/' }, route: { cluster: PASSTHROUGH_CLUSTER, timeout: '0s', maxGrpcTimeout: '0s' } }], includeRequestAttemptCount: true };
}
