/** Tests for consistency.ts: every reference in a bundle must resolve before it is served. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateProxyResources } from './consistency.ts';
import { TYPE_URL } from './type-urls.ts';
import type { ProxyResources } from './types.ts';

function bundle(): ProxyResources {
  return {
    listeners: [
      {
        name: '0.0.0.0_443',
        address: { socketAddress: { address: '0.0.0.0', portValue: 443 } },
        filterChains: [
          {
            transportSocket: { name: 'envoy.transport_sockets.tls', typedConfig: { '@type': TYPE_URL.downstreamTlsContext, commonTlsContext: { tlsCertificateSdsSecretConfigs: [{ name: 'kubernetes://httpbin-cert', sdsConfig: { ads: {}, resourceApiVersion: 'V3' } }] } } },
            filters: [{ name: 'envoy.filters.network.http_connection_manager', typedConfig: { '@type': TYPE_URL.httpConnectionManager, statPrefix: 'x', rds: { configSource: { ads: {} }, routeConfigName: 'https.443.default' } } }],
          },
        ],
      },
      {
        name: '0.0.0.0_3306',
        address: { socketAddress: { address: '0.0.0.0', portValue: 3306 } },
        filterChains: [{ filters: [{ name: 'envoy.filters.network.tcp_proxy', typedConfig: { '@type': TYPE_URL.tcpProxy, statPrefix: 'db', cluster: 'outbound|3306||db.default.svc.cluster.local' } }] }],
      },
    ],
    routes: [{ name: 'https.443.default', virtualHosts: [{ name: 'a', domains: ['*'], routes: [{ match: { prefix: '/' }, route: { weightedClusters: { clusters: [{ name: 'outbound|80|v1|a.default.svc.cluster.local', weight: 90 }, { name: 'outbound|80|v2|a.default.svc.cluster.local', weight: 10 }] } } }] }] }],
    clusters: [
      { name: 'outbound|80|v1|a.default.svc.cluster.local', type: 'EDS', edsClusterConfig: { edsConfig: { ads: {} }, serviceName: 'outbound|80|v1|a.default.svc.cluster.local' } },
      { name: 'outbound|80|v2|a.default.svc.cluster.local', type: 'EDS', edsClusterConfig: { edsConfig: { ads: {} } } },
      { name: 'outbound|3306||db.default.svc.cluster.local', type: 'STRICT_DNS', loadAssignment: { clusterName: 'outbound|3306||db.default.svc.cluster.local' } },
    ],
    endpoints: [{ clusterName: 'outbound|80|v1|a.default.svc.cluster.local' }, { clusterName: 'outbound|80|v2|a.default.svc.cluster.local' }],
    secrets: [{ name: 'kubernetes://httpbin-cert', tlsCertificate: { certificateChain: { inlineString: 'x' }, privateKey: { inlineString: 'y' } } }],
  };
}

test('a complete bundle has no issues', () => {
  assert.deepEqual(validateProxyResources(bundle()), []);
});

test('missing route, cluster, endpoints and secret are each an error naming the reference', () => {
  const b = bundle();
  b.routes = [];
  b.clusters = b.clusters.filter((c) => !c.name.includes('3306'));
  b.endpoints = b.endpoints.slice(1);
  b.secrets = [];
  const msgs = validateProxyResources(b).map((i) => `${i.severity} ${i.resource}: ${i.message}`);
  assert.deepEqual(msgs.sort(), [
    'error Cluster outbound|80|v1|a.default.svc.cluster.local: EDS service "outbound|80|v1|a.default.svc.cluster.local" has no ClusterLoadAssignment in the bundle',
    'error Listener 0.0.0.0_3306: tcp_proxy cluster "outbound|3306||db.default.svc.cluster.local" is not in the bundle',
    'error Listener 0.0.0.0_443: RDS route configuration "https.443.default" is not in the bundle',
    'error Listener 0.0.0.0_443: SDS secret "kubernetes://httpbin-cert" is not in the bundle',
  ]);
});

test('a route to a missing cluster and duplicate names are errors; unused resources are warnings', () => {
  const b = bundle();
  b.clusters = b.clusters.slice(1);
  b.clusters.push({ ...b.clusters[0] });
  b.endpoints.push({ clusterName: 'orphan' });
  const issues = validateProxyResources(b);
  assert.ok(issues.some((i) => i.severity === 'error' && /route sends to cluster "outbound\|80\|v1\|a.default.svc.cluster.local"/.test(i.message)));
  assert.ok(issues.some((i) => i.severity === 'error' && /duplicate Cluster name/.test(i.message)));
  assert.ok(issues.some((i) => i.severity === 'warning' && i.resource === 'ClusterLoadAssignment orphan'));
});

test('API listeners (proxyless gRPC) with inline route configuration are checked too', () => {
  const b = bundle();
  b.listeners = [{ name: 'echo.default.svc.cluster.local:7070', address: { socketAddress: { address: '0.0.0.0', portValue: 0 } }, apiListener: { apiListener: { '@type': TYPE_URL.httpConnectionManager, statPrefix: 'x', routeConfig: { name: 'inline', virtualHosts: [{ name: 'v', domains: ['*'], routes: [{ match: { prefix: '' }, route: { cluster: 'nope' } }] }] } } } }];
  assert.ok(validateProxyResources(b).some((i) => i.severity === 'error' && /inline route configuration "inline" sends to cluster "nope"/.test(i.message)));
});
