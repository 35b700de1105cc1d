/** Proxy identity from xDS node ids and node metadata. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseProxyNodeId, proxyFromNode, proxyNodeId } from './proxy.ts';

test('parses Istio node ids for routers and sidecars', () => {
  assert.deepEqual(parseProxyNodeId('router~10.0.0.1~istio-ingressgateway-abc.istio-system~istio-system.svc.cluster.local'), {
    type: 'router',
    ipAddress: '10.0.0.1',
    id: 'istio-ingressgateway-abc.istio-system',
    dnsDomain: 'istio-system.svc.cluster.local',
    namespace: 'istio-system',
  });
  assert.equal((parseProxyNodeId('sidecar~127.0.0.5~reviews-v1~bookinfo.svc.cluster.local') as { namespace: string }).namespace, 'bookinfo');
  assert.ok(parseProxyNodeId('gateway~1~2~3') instanceof Error);
  assert.ok(parseProxyNodeId('sidecar~only~three') instanceof Error);
});

test('node metadata supplies labels and namespace; the id round-trips', () => {
  const p = proxyFromNode({ id: 'sidecar~127.0.0.5~reviews-v1.bookinfo~bookinfo.svc.cluster.local', metadata: { LABELS: { app: 'reviews' }, NAMESPACE: 'bookinfo', GENERATOR: 'grpc' } });
  assert.ok(!(p instanceof Error));
  assert.deepEqual([p.type, p.namespace, p.labels, p.ipAddresses, p.generator], ['sidecar', 'bookinfo', { app: 'reviews' }, ['127.0.0.5'], 'grpc']);
  assert.equal(proxyNodeId(p), 'sidecar~127.0.0.5~reviews-v1.bookinfo~bookinfo.svc.cluster.local');
});
