/** Tests for proxy-info.ts: identity from the xDS node and the shape key that groups replicas. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultShapeKey, proxyInfoFromNode, type ProxyInfo } from './proxy-info.ts';

test('a gateway node as istio-agent sends it', () => {
  const p = proxyInfoFromNode({
    id: 'router~10.0.0.1~istio-ingressgateway-abc.istio-system~istio-system.svc.cluster.local',
    metadata: { LABELS: { istio: 'ingressgateway', app: 'istio-ingressgateway' }, NAMESPACE: 'istio-system', CLUSTER_ID: 'cluster-1', ISTIO_VERSION: '1.22.0' },
  }) as ProxyInfo;
  assert.equal(p.type, 'router');
  assert.equal(p.id, 'istio-ingressgateway-abc.istio-system');
  assert.equal(p.namespace, 'istio-system');
  assert.equal(p.clusterId, 'cluster-1');
  assert.equal(p.version, '1.22.0');
  assert.deepEqual(p.labels, { istio: 'ingressgateway', app: 'istio-ingressgateway' });
});

test('a proxyless gRPC client: GENERATOR grpc, version from the user agent, default cluster id', () => {
  const p = proxyInfoFromNode({ id: 'sidecar~10.0.0.2~echo-client.default~default.svc.cluster.local', metadata: { GENERATOR: 'grpc' }, userAgentName: 'grpc-node-js', userAgentVersion: '1.14.1' }) as ProxyInfo;
  assert.equal(p.generator, 'grpc');
  assert.equal(p.version, 'grpc-node-js 1.14.1');
  assert.equal(p.clusterId, 'Kubernetes');
});

test('malformed or missing node ids are errors', () => {
  assert.ok(proxyInfoFromNode(undefined) instanceof Error);
  assert.ok(proxyInfoFromNode({ id: 'foo' }) instanceof Error);
  assert.ok(proxyInfoFromNode({ id: 'gateway~1.2.3.4~a.b~b.svc.cluster.local' }) instanceof Error);
});

test('replicas share a shape key; labels, namespace and generator separate shapes', () => {
  const mk = (id: string, md: Record<string, unknown>) => proxyInfoFromNode({ id, metadata: md }) as ProxyInfo;
  const a = mk('router~10.0.0.1~gw-a.istio-system~istio-system.svc.cluster.local', { LABELS: { istio: 'ingressgateway' }, NAME: 'gw-a' });
  const b = mk('router~10.0.0.2~gw-b.istio-system~istio-system.svc.cluster.local', { LABELS: { istio: 'ingressgateway' }, NAME: 'gw-b' });
  const c = mk('router~10.0.0.3~gw-c.istio-system~istio-system.svc.cluster.local', { LABELS: { istio: 'ingressgateway', version: 'canary' } });
  const d = mk('sidecar~10.0.0.3~gw-c.istio-system~istio-system.svc.cluster.local', { LABELS: { istio: 'ingressgateway' }, GENERATOR: 'grpc' });
  assert.equal(defaultShapeKey(a), defaultShapeKey(b));
  assert.notEqual(defaultShapeKey(a), defaultShapeKey(c));
  assert.notEqual(defaultShapeKey(a), defaultShapeKey(d));
});
