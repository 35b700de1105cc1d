/**
 * Everything a router (ingress/egress gateway) is sent: its gateway listeners, the route
 * configurations they name, clusters and endpoints of every visible service plus BlackHoleCluster,
 * and the SDS secrets its TLS servers reference.
 */
import type { ProxyResources } from '../envoy/types.ts';
import { blackholeCluster, outboundClusters } from './cluster/clusters.ts';
import type { GenerationContext } from './context.ts';
import { gatewayRouteConfiguration } from './gateway-routes.ts';
import { gatewayListeners } from './listener/gateway-listeners.ts';
import { withoutMissingSecrets } from './listener/missing-secrets.ts';
import { listenerRouteNames, listenerSecretNames, resolveSecrets, type GenerationProblem } from './shared.ts';

export function generateRouter(ctx: GenerationContext, problems: GenerationProblem[]): ProxyResources {
  const { clusters, endpoints } = outboundClusters(ctx);
  clusters.push(blackholeCluster(ctx));
  const all = gatewayListeners(ctx);
  const wanted = listenerSecretNames(all, clusters);
  const secrets = resolveSecrets(ctx, wanted, problems);
  const found = new Set(secrets.map((s) => s.name));
  const { listeners, dropped } = withoutMissingSecrets(all, new Set(wanted.filter((n) => !found.has(n))));
  for (const d of dropped) problems.push({ kind: 'gateway', name: d.listener, message: `TLS filter chain ${d.chain} left out until its certificate exists (missing secret ${d.secrets.join(', ')}); the other servers keep serving` });
  const routes = listenerRouteNames(listeners).map((n) => gatewayRouteConfiguration(ctx, n));
  return { listeners, routes, clusters, endpoints, secrets };
}
