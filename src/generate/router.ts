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
import { listenerRouteNames, listenerSecretNames, resolveSecrets, type GenerationProblem } from './shared.ts';

export function generateRouter(ctx: GenerationContext, problems: GenerationProblem[]): ProxyResources {
  const listeners = gatewayListeners(ctx);
  const routes = listenerRouteNames(listeners).map((n) => gatewayRouteConfiguration(ctx, n));
  const { clusters, endpoints } = outboundClusters(ctx);
  clusters.push(blackholeCluster(ctx));
  const secrets = resolveSecrets(ctx, listenerSecretNames(listeners, clusters), problems);
  return { listeners, routes, clusters, endpoints, secrets };
}
