/**
 * What istiod's grpc generator sends proxyless gRPC clients (node metadata `GENERATOR: grpc`), derived
 * from the sidecar bundle the translation produced: gRPC has no sockets to configure, so each
 * outbound virtual host `host:port` becomes API listeners named after its `host:port` domains (the
 * names clients put in `xds:///host:port`), each pointing over RDS at a route configuration holding
 * just that virtual host; clusters keep only what gRPC implements (ROUND_ROBIN or RING_HASH, no
 * Envoy transport sockets yet); every locality gets a locality and a weight (gRPC drops unweighted
 * localities).
 */
import { routeClusterNames } from '../envoy/references.ts';
import { FILTER, TYPE_URL } from '../envoy/type-urls.ts';
import type { Cluster, ClusterLoadAssignment, Listener, ProxyResources, RouteConfiguration, VirtualHost } from '../envoy/types.ts';

const ADS = { ads: {}, resourceApiVersion: 'V3' as const };

function apiListener(name: string, routeName: string): Listener {
  const [host, port] = [name.slice(0, name.lastIndexOf(':')), Number(name.slice(name.lastIndexOf(':') + 1))];
  return {
    name,
    address: { socketAddress: { address: host, portValue: port } },
    apiListener: {
      apiListener: {
        '@type': TYPE_URL.httpConnectionManager,
        statPrefix: name,
        rds: { configSource: ADS, routeConfigName: routeName },
        httpFilters: [
          { name: FILTER.fault, typedConfig: { '@type': TYPE_URL.fault } },
          { name: FILTER.router, typedConfig: { '@type': TYPE_URL.router } },
        ],
      },
    },
  };
}

/** Virtual hosts of a service (`host:port` names), not the catch-all ones (`allow_any`, `*`). */
function serviceVirtualHosts(routes: RouteConfiguration[]): VirtualHost[] {
  return routes.flatMap((rc) => rc.virtualHosts ?? []).filter((vh) => /^[^*\s]+:\d+$/.test(vh.name) && !vh.domains.includes('*'));
}

function grpcCluster(c: Cluster): Cluster {
  const { transportSocket: _ts, transportSocketMatches: _tsm, leastRequestLbConfig: _lr, maglevLbConfig: _mg, lbPolicy, ringHashLbConfig, ...rest } = c;
  const ring = lbPolicy === 'RING_HASH' || lbPolicy === 'MAGLEV';
  return { ...rest, ...(ring ? { lbPolicy: 'RING_HASH' as const, ringHashLbConfig: { ...(ringHashLbConfig ?? {}), hashFunction: 'XX_HASH' as const } } : {}) };
}

function grpcAssignment(cla: ClusterLoadAssignment): ClusterLoadAssignment {
  return {
    ...cla,
    endpoints: (cla.endpoints ?? []).map((l) => ({ ...l, locality: l.locality ?? {}, loadBalancingWeight: l.loadBalancingWeight ?? Math.max(1, (l.lbEndpoints ?? []).reduce((n, e) => n + (e.loadBalancingWeight ?? 1), 0)) })),
  };
}

/** The proxyless gRPC form of a sidecar's resources. */
export function proxylessGrpcResources(sidecar: ProxyResources): ProxyResources {
  const listeners: Listener[] = [];
  const routes: RouteConfiguration[] = [];
  const seen = new Set<string>();
  for (const vh of serviceVirtualHosts(sidecar.routes)) {
    if (routes.some((r) => r.name === vh.name)) continue;
    routes.push({ name: vh.name, virtualHosts: [vh] });
    for (const d of [vh.name, ...vh.domains]) {
      if (!/:\d+$/.test(d) || seen.has(d)) continue;
      seen.add(d);
      listeners.push(apiListener(d, vh.name));
    }
  }
  const used = new Set(routes.flatMap(routeClusterNames));
  const clusters = sidecar.clusters.filter((c) => used.has(c.name) && c.type === 'EDS').map(grpcCluster);
  const eds = new Set(clusters.map((c) => c.edsClusterConfig?.serviceName || c.name));
  const endpoints = sidecar.endpoints.filter((e) => eds.has(e.clusterName)).map(grpcAssignment);
  return { listeners, routes, clusters, endpoints, secrets: [] };
}
