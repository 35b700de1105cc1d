/**
 * Resources shaped the way istiod's grpc generator sends them to proxyless gRPC clients
 * (GENERATOR: grpc): one Listener per `host:port` with an API listener HttpConnectionManager that
 * points at an RDS route configuration of the same name (fault filter before the router), EDS
 * clusters `outbound|PORT|SUBSET|HOST`, and ClusterLoadAssignments with a weighted locality (gRPC
 * ignores localities without a weight).
 */
import { TYPE_URL } from '../../../src/envoy/type-urls.ts';
import type { HashPolicy, HTTPFault, ProxyResources, RetryPolicy, RouteMatch } from '../../../src/envoy/types.ts';

export const SERVICE = 'echo.default.svc.cluster.local';
export const PORT = 7070;
export const TARGET = `${SERVICE}:${PORT}`;
export const clusterFor = (subset: string) => `outbound|${PORT}|${subset}|${SERVICE}`;

export interface ProxylessRoute {
  match?: RouteMatch;
  /** subset → weight; a single subset routes to its cluster directly. */
  weights: Record<string, number>;
  fault?: HTTPFault;
  retryPolicy?: RetryPolicy;
  hashPolicy?: HashPolicy[];
}

export interface ProxylessOptions {
  routes: ProxylessRoute[];
  /** subset → backend ports. */
  subsets: Record<string, number[]>;
  /** Subsets whose cluster load-balances with RING_HASH (DestinationRule consistentHash). */
  ringHash?: string[];
}

export function proxylessBundle(o: ProxylessOptions): ProxyResources {
  const subsets = Object.keys(o.subsets);
  return {
    listeners: [
      {
        name: TARGET,
        address: { socketAddress: { address: '10.96.0.20', portValue: PORT } },
        apiListener: {
          apiListener: {
            '@type': TYPE_URL.httpConnectionManager,
            statPrefix: TARGET,
            rds: { configSource: { ads: {}, resourceApiVersion: 'V3' }, routeConfigName: TARGET },
            httpFilters: [
              { name: 'envoy.filters.http.fault', typedConfig: { '@type': TYPE_URL.fault } },
              { name: 'envoy.filters.http.router', typedConfig: { '@type': TYPE_URL.router } },
            ],
          },
        },
      },
    ],
    routes: [
      {
        name: TARGET,
        virtualHosts: [
          {
            name: TARGET,
            domains: [SERVICE, TARGET],
            routes: o.routes.map((r) => {
              const names = Object.keys(r.weights);
              return {
                match: r.match ?? { prefix: '' },
                route: {
                  ...(names.length === 1 ? { cluster: clusterFor(names[0]) } : { weightedClusters: { clusters: names.map((s) => ({ name: clusterFor(s), weight: r.weights[s] })) } }),
                  ...(r.retryPolicy ? { retryPolicy: r.retryPolicy } : {}),
                  ...(r.hashPolicy ? { hashPolicy: r.hashPolicy } : {}),
                },
                ...(r.fault ? { typedPerFilterConfig: { 'envoy.filters.http.fault': { '@type': TYPE_URL.fault, ...r.fault } } } : {}),
              };
            }),
          },
        ],
      },
    ],
    clusters: subsets.map((s) => ({
      name: clusterFor(s),
      type: 'EDS',
      edsClusterConfig: { edsConfig: { ads: {}, resourceApiVersion: 'V3' }, serviceName: clusterFor(s) },
      connectTimeout: '10s',
      ...(o.ringHash?.includes(s) ? { lbPolicy: 'RING_HASH' as const, ringHashLbConfig: { minimumRingSize: '1024' } } : {}),
    })),
    endpoints: subsets.map((s) => ({
      clusterName: clusterFor(s),
      endpoints: [{ locality: { region: 'local', zone: 'a' }, loadBalancingWeight: 1, lbEndpoints: o.subsets[s].map((port) => ({ endpoint: { address: { socketAddress: { address: '127.0.0.1', portValue: port } } }, loadBalancingWeight: 1 })) }],
    })),
    secrets: [],
  };
}
