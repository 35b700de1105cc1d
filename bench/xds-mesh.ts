/**
 * The configuration the xDS benchmark serves: a sidecar's view of a mesh of `services` services
 * (two subsets each, three endpoints per subset), as a generator would send it — one listener on
 * port 80 whose HttpConnectionManager asks RDS for route configuration `80`, one EDS cluster per
 * subset, an inbound cluster named after the proxy's `app` label (so each shape differs), and one
 * virtual host per service. `canaryWeight` moves svc-0's traffic between v1 and v2: the benchmark's
 * VirtualService change, which changes route configuration `80` and nothing else.
 */
import type { ProxyInfo } from '../src/discovery/index.ts';
import { TYPE_URL } from '../src/envoy/type-urls.ts';
import type { Cluster, ProxyResources } from '../src/envoy/types.ts';

const svc = (i: number) => `svc-${i}.bench.svc.cluster.local`;
const outbound = (i: number, subset = '') => `outbound|80|${subset}|${svc(i)}`;

function clustersFor(app: string, services: number): Cluster[] {
  const clusters: Cluster[] = [];
  for (let i = 0; i < services; i++) for (const subset of ['v1', 'v2']) clusters.push({ name: outbound(i, subset), type: 'EDS', edsClusterConfig: { edsConfig: { ads: {}, resourceApiVersion: 'V3' }, serviceName: outbound(i, subset) }, connectTimeout: '10s' });
  const inbound = `inbound|8080||${app}.bench.svc.cluster.local`;
  clusters.push({ name: inbound, type: 'STATIC', connectTimeout: '10s', loadAssignment: { clusterName: inbound, endpoints: [{ lbEndpoints: [{ endpoint: { address: { socketAddress: { address: '127.0.0.1', portValue: 8080 } } } }] }] } });
  return clusters;
}

function virtualHosts(services: number, canaryWeight: number) {
  return Array.from({ length: services }, (_, i) => ({
    name: `${svc(i)}:80`,
    domains: [svc(i), `${svc(i)}:80`, `svc-${i}`, `svc-${i}.bench`],
    routes: [{ match: { prefix: '/' }, route: { weightedClusters: { clusters: [{ name: outbound(i, 'v1'), weight: i === 0 ? 100 - canaryWeight : 90 }, { name: outbound(i, 'v2'), weight: i === 0 ? canaryWeight : 10 }] }, timeout: '0s', retryPolicy: { retryOn: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes', numRetries: 2 } } }],
  }));
}

export function meshBundle(proxy: ProxyInfo, services: number, canaryWeight: number): ProxyResources {
  const clusters = clustersFor(proxy.labels.app ?? 'app', services);
  const hcm = { '@type': TYPE_URL.httpConnectionManager, statPrefix: 'outbound_0.0.0.0_80', rds: { configSource: { ads: {}, resourceApiVersion: 'V3' }, routeConfigName: '80' }, httpFilters: [{ name: 'envoy.filters.http.router', typedConfig: { '@type': TYPE_URL.router } }] };
  return {
    listeners: [{ name: '0.0.0.0_80', address: { socketAddress: { address: '0.0.0.0', portValue: 80 } }, filterChains: [{ filters: [{ name: 'envoy.filters.network.http_connection_manager', typedConfig: hcm }] }] }],
    routes: [{ name: '80', virtualHosts: virtualHosts(services, canaryWeight), validateClusters: false }],
    clusters,
    endpoints: clusters.filter((c) => c.type === 'EDS').map((c, k) => ({ clusterName: c.name, endpoints: [{ lbEndpoints: [0, 1, 2].map((e) => ({ endpoint: { address: { socketAddress: { address: `10.1.${k % 250}.${e + 1}`, portValue: 8080 } } } })) }] })),
    secrets: [],
  } as ProxyResources;
}
