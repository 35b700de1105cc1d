/**
 * The Envoy v3 resources (ProxyResources, the bundle Sextant's control plane serves) that make the
 * Sextant proxy do the benchmark's routing work, written by hand the way Istio generates a gateway:
 * one listener with an HttpConnectionManager whose routes come over RDS (`http.<port>`), one virtual
 * host per host with one prefix route per path, EDS clusters with their ClusterLoadAssignments, and
 * a DownstreamTlsContext on the filter chain for the HTTPS scenarios. No access log (as for every
 * peer); everything else at Envoy's defaults.
 */
import type { Any, Cluster, ClusterLoadAssignment, FilterChain, HttpConnectionManager, Listener, ProxyResources, RouteConfiguration } from '../../src/envoy/types.ts';
import { FILTER, TYPE_URL } from '../../src/envoy/type-urls.ts';
import type { RouteTable } from './route-table.ts';

const ADS = { ads: {}, resourceApiVersion: 'V3' as const };

export function clusterName(upstream: string): string {
  return `outbound|80||${upstream.replace(/_/g, '-')}.bench.svc.cluster.local`;
}

export function sextantResources(table: RouteTable, port: number, tls?: { cert: string; key: string }): ProxyResources {
  const routeName = `http.${port}`;
  const hcm: HttpConnectionManager & { '@type': string } = {
    '@type': TYPE_URL.httpConnectionManager,
    statPrefix: `outbound_0.0.0.0_${port}`,
    codecType: 'AUTO',
    rds: { configSource: ADS, routeConfigName: routeName },
    httpFilters: [{ name: FILTER.router, typedConfig: { '@type': TYPE_URL.router } }],
    useRemoteAddress: true,
  };
  const chain: FilterChain = { filters: [{ name: FILTER.httpConnectionManager, typedConfig: hcm as unknown as Any }] };
  if (tls) {
    chain.transportSocket = {
      name: FILTER.tlsTransportSocket,
      typedConfig: {
        '@type': TYPE_URL.downstreamTlsContext,
        commonTlsContext: {
          tlsCertificates: [{ certificateChain: { filename: tls.cert }, privateKey: { filename: tls.key } }],
          alpnProtocols: ['h2', 'http/1.1'],
        },
      },
    };
  }
  const listener: Listener = {
    name: `0.0.0.0_${port}`,
    address: { socketAddress: { address: '127.0.0.1', portValue: port } },
    filterChains: [chain],
    trafficDirection: 'OUTBOUND',
  };
  const route: RouteConfiguration = {
    name: routeName,
    validateClusters: false,
    virtualHosts: table.hosts.map((vh) => ({
      name: `${vh.host}:80`,
      domains: [vh.host, `${vh.host}:*`],
      routes: vh.routes.map((r, i) => ({
        name: `${vh.host}-${i}`,
        match: { prefix: r.prefix },
        route: { cluster: clusterName(table.upstreams[r.upstream].name), timeout: '0s' },
      })),
    })),
  };
  const clusters: Cluster[] = table.upstreams.map((u) => ({
    name: clusterName(u.name),
    type: 'EDS',
    edsClusterConfig: { edsConfig: ADS, serviceName: clusterName(u.name) },
    connectTimeout: '10s',
    lbPolicy: 'ROUND_ROBIN',
  }));
  const endpoints: ClusterLoadAssignment[] = table.upstreams.map((u) => ({
    clusterName: clusterName(u.name),
    endpoints: [{ lbEndpoints: [{ endpoint: { address: { socketAddress: { address: '127.0.0.1', portValue: u.port } } } }] }],
  }));
  return { listeners: [listener], routes: [route], clusters, endpoints, secrets: [] };
}
