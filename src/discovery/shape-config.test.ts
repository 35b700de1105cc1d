/** Tests for shape-config.ts: reuse of unchanged resources and types across pushes, and its safety. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeResource } from '../envoy/proto.ts';
import { TYPE_URL } from '../envoy/type-urls.ts';
import type { ProxyResources } from '../envoy/types.ts';
import { buildShapeConfig, EncodeCache, select } from './shape-config.ts';

function bundle(timeout = '10s'): ProxyResources {
  const cluster = (name: string) => ({ name, type: 'STATIC' as const, connectTimeout: name === 'b' ? timeout : '10s', loadAssignment: { clusterName: name, endpoints: [{ lbEndpoints: [{ endpoint: { address: { socketAddress: { address: '127.0.0.1', portValue: 8080 } } } }] }] } });
  return { listeners: [], routes: [{ name: 'http.80', virtualHosts: [{ name: 'vh', domains: ['*'], routes: [{ match: { prefix: '/' }, route: { cluster: 'a' } }] }] }], clusters: [cluster('a'), cluster('b')], endpoints: [], secrets: [] };
}

test('a regenerated, equal bundle reuses the previous types as they are (hash, selections, shared responses)', () => {
  const cache = new EncodeCache();
  const first = buildShapeConfig('k', 1, bundle(), 0, false, cache);
  const sel = select(first.types.get(TYPE_URL.route), new Set(['http.80']));
  const second = buildShapeConfig('k', 2, bundle(), 0, false, cache, first);
  assert.equal(second.types.get(TYPE_URL.cluster), first.types.get(TYPE_URL.cluster));
  assert.equal(select(second.types.get(TYPE_URL.route), new Set(['http.80'])), sel, 'the memoised selection survives');
});

test('one changed resource is re-encoded; its neighbours are reused; the type gets a new hash', () => {
  const cache = new EncodeCache();
  const first = buildShapeConfig('k', 1, bundle(), 0, false, cache);
  const second = buildShapeConfig('k', 2, bundle('5s'), 0, false, cache, first);
  const [c1, c2] = [first, second].map((s) => s.types.get(TYPE_URL.cluster)!);
  assert.notEqual(c2, c1);
  assert.notEqual(c2.hash, c1.hash);
  assert.equal(c2.byName.get('a'), c1.byName.get('a'));
  assert.equal(decodeResource<{ connectTimeout: string }>(TYPE_URL.cluster, c2.byName.get('b')!.packed.value).connectTimeout, '5s');
  assert.equal(second.types.get(TYPE_URL.route), first.types.get(TYPE_URL.route));
});

test('a generator that mutates and re-serves its own objects is still seen to change', () => {
  const cache = new EncodeCache();
  const b = bundle();
  const first = buildShapeConfig('k', 1, b, 0, false, cache);
  b.clusters[1].connectTimeout = '1s';
  b.routes[0].virtualHosts![0].domains = ['example.com'];
  const second = buildShapeConfig('k', 2, b, 0, false, cache, first);
  assert.notEqual(second.types.get(TYPE_URL.cluster)!.hash, first.types.get(TYPE_URL.cluster)!.hash);
  assert.equal(decodeResource<{ connectTimeout: string }>(TYPE_URL.cluster, second.types.get(TYPE_URL.cluster)!.byName.get('b')!.packed.value).connectTimeout, '1s');
  assert.notEqual(second.types.get(TYPE_URL.route)!.hash, first.types.get(TYPE_URL.route)!.hash);
});
