/** Hand-written ProxyResources for discovery tests: a gateway listener on 80 (RDS http.80) and EDS clusters. */
import { TYPE_URL } from '../../src/envoy/type-urls.ts';
import type { Cluster, ClusterLoadAssignment, ProxyResources } from '../../src/envoy/types.ts';

export function edsCluster(name: string): Cluster {
  return { name, type: 'EDS', edsClusterConfig: { edsConfig: { ads: {}, resourceApiVersion: 'V3' }, serviceName: name }, connectTimeout: '10s' };
}

export function assignment(name: string, ...ports: number[]): ClusterLoadAssignment {
  return { clusterName: name, endpoints: [{ lbEndpoints: ports.map((p) => ({ endpoint: { address: { socketAddress: { address: '127.0.0.1', portValue: p } } } })) }] };
}

export interface FixtureOptions {
  /** Subsets to route to with weights, default v1:100. */
  weights?: Record<string, number>;
  /** Endpoint port per subset. */
  ports?: Record<string, number>;
  extraClusters?: string[];
}

export const HOST = 'httpbin-service.default.svc.cluster.local';
export const clusterName = (subset: string) => `outbound|80|${subset}|${HOST}`;

/** The bundle a gateway gets for httpbin.local → httpbin-service subsets. */
export function gatewayBundle(opts: FixtureOptions = {}): ProxyResources {
  const weights = opts.weights ?? { v1: 100 };
  const subsets = Object.keys(weights);
  const clusters = [...subsets.map((s) => edsCluster(clusterName(s))), ...(opts.extraClusters ?? []).map(edsCluster)];
  return {
    listeners: [
      {
        name: '0.0.0.0_80',
        address: { socketAddress: { address: '0.0.0.0', portValue: 80 } },
        filterChains: [{ filters: [{ name: 'envoy.filters.network.http_connection_manager', typedConfig: { '@type': TYPE_URL.httpConnectionManager, statPrefix: 'outbound_0.0.0.0_80', rds: { configSource: { ads: {}, resourceApiVersion: 'V3' }, routeConfigName: 'http.80' }, httpFilters: [{ name: 'envoy.filters.http.router', typedConfig: { '@type': TYPE_URL.router } }] } }] }],
      },
    ],
    routes: [
      {
        name: 'http.80',
        virtualHosts: [
          {
            name: 'httpbin.local:80',
            domains: ['httpbin.local', 'httpbin.local:80'],
            routes: [{ match: { prefix: '/' }, route: subsets.length === 1 ? { cluster: clusterName(subsets[0]) } : { weightedClusters: { clusters: subsets.map((s) => ({ name: clusterName(s), weight: weights[s] })) } } }],
          },
        ],
        validateClusters: false,
      },
    ],
    clusters,
    endpoints: clusters.map((c, i) => assignment(c.name, opts.ports?.[c.name.split('|')[2]] ?? 8000 + i)),
    secrets: [],
  };
}
