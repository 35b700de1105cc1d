/**
 * Everything a sidecar is sent: outbound listeners and the per-port route configurations they
 * name, the virtualInbound listener for its own ports, outbound clusters of every service in its
 * scope plus its inbound clusters, BlackHoleCluster and PassthroughCluster, and referenced secrets.
 */
import type { ProxyResources } from '../envoy/types.ts';
import { blackholeCluster, outboundClusters, passthroughCluster } from './cluster/clusters.ts';
import type { GenerationContext } from './context.ts';
import { inboundClusters, inboundPorts, virtualInboundListener } from './listener/sidecar-inbound.ts';
import { sidecarOutboundListeners } from './listener/sidecar-outbound.ts';
import { listenerRouteNames, listenerSecretNames, resolveSecrets, type GenerationProblem } from './shared.ts';
import { sidecarRouteConfiguration } from './sidecar-routes.ts';

export function generateSidecar(ctx: GenerationContext, problems: GenerationProblem[]): ProxyResources {
  const ports = inboundPorts(ctx);
  const listeners = [...sidecarOutboundListeners(ctx), virtualInboundListener(ctx, ports)];
  const routes = listenerRouteNames(listeners).map((n) => sidecarRouteConfiguration(ctx, Number(n)));
  const { clusters, endpoints } = outboundClusters(ctx);
  clusters.push(...inboundClusters(ctx, ports), blackholeCluster(ctx), passthroughCluster(ctx));
  const secrets = resolveSecrets(ctx, listenerSecretNames(listeners, clusters), problems);
  return { listeners, routes, clusters, endpoints, secrets };
}
