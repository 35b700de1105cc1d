/** Tests for proxyless-grpc.ts: the sidecar bundle → what istiod's grpc generator would send. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateProxyResources } from '../envoy/consistency.ts';
import { validateResource } from '../envoy/proto.ts';
import { RESOURCE_KINDS } from '../envoy/resource-kinds.ts';
import { TYPE_URL } from '../envoy/type-urls.ts';
import type { ProxyResources } from '../envoy/types.ts';
import { proxylessGrpcResources } from './proxyless-grpc.ts';

const H = 'echo.default.svc.cluster.local';
const sidecar: ProxyResources = {
  listeners: [{ name: '0.0.0.0_7070', address: { socketAddress: { address: '0.0.0.0', portValue: 7070 } } }],
  routes: [
    {
      name: '7070',
      virtualHosts: [
        { name: `${H}:7070`, domains: [H, `${H}:7070`, 'echo', 'echo:7070'], routes: [{ match: { prefix: '/' }, route: { weightedClusters: { clusters: [{ name: `outbound|7070|v1|${H}`, weight: 90 }, { name: `outbound|7070|v2|${H}`, weight: 10 }] } } }] },
        { name: 'allow_any', domains: ['*'], routes: [{ match: { prefix: '/' }, route: { cluster: 'PassthroughCluster' } }] },
      ],
    },
  ],
  clusters: [
    { name: `outbound|7070|v1|${H}`, type: 'EDS', edsClusterConfig: { edsConfig: { ads: {} }, serviceName: `outbound|7070|v1|${H}` }, lbPolicy: 'LEAST_REQUEST', transportSocket: { name: 'envoy.transport_sockets.tls', typedConfig: { '@type': TYPE_URL.upstreamTlsContext, sni: H } } },
    { name: `outbound|7070|v2|${H}`, type: 'EDS', edsClusterConfig: { edsConfig: { ads: {} }, serviceName: `outbound|7070|v2|${H}` }, lbPolicy: 'MAGLEV' },
    { name: 'PassthroughCluster', type: 'ORIGINAL_DST', lbPolicy: 'CLUSTER_PROVIDED' },
  ],
  endpoints: [
    { clusterName: `outbound|7070|v1|${H}`, endpoints: [{ lbEndpoints: [{ endpoint: { address: { socketAddress: { address: '10.0.0.1', portValue: 7070 } } } }, { endpoint: { address: { socketAddress: { address: '10.0.0.2', portValue: 7070 } } } }] }] },
    { clusterName: `outbound|7070|v2|${H}`, endpoints: [{ locality: { zone: 'a' }, loadBalancingWeight: 3, lbEndpoints: [{ endpoint: { address: { socketAddress: { address: '10.0.0.3', portValue: 7070 } } } }] }] },
  ],
  secrets: [],
};

test('API listeners per host:port name, one route configuration per service, gRPC-compatible clusters and localities', () => {
  const g = proxylessGrpcResources(sidecar);
  assert.deepEqual(g.listeners.map((l) => l.name), [`${H}:7070`, 'echo:7070']);
  assert.ok(g.listeners.every((l) => (l.apiListener!.apiListener as any).rds.routeConfigName === `${H}:7070`));
  assert.deepEqual(g.routes.map((r) => r.name), [`${H}:7070`]);
  assert.deepEqual(g.clusters.map((c) => [c.name.split('|')[2], c.lbPolicy, c.transportSocket]), [['v1', undefined, undefined], ['v2', 'RING_HASH', undefined]]);
  assert.deepEqual(g.endpoints.map((e) => [e.endpoints![0].locality, e.endpoints![0].loadBalancingWeight]), [[{}, 2], [{ zone: 'a' }, 3]]);
  assert.deepEqual(validateProxyResources(g), []);
  for (const k of RESOURCE_KINDS) for (const r of g[k.key]) assert.deepEqual(validateResource(k.typeUrl, r), [], `${k.short} ${k.nameOf(r)}`);
});
