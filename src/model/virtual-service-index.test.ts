/** The VirtualService index: an incremental update equals a rebuild, and delegation falls back to one. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Resource } from '../api/resource.ts';
import { loadText } from '../config/load.ts';
import { buildSnapshot, type MeshSnapshot } from './snapshot.ts';
import { buildVirtualServiceIndex, updateVirtualServiceIndex, type VirtualServiceEntry, type VirtualServiceIndex } from './virtual-service-index.ts';

const load = (t: string): Resource[] => loadText(t, 'vs.yaml').resources;

const vs = (name: string, ns: string, hosts: string, gateways: string, prefix = '/'): string => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: ${ns}}
spec:
  hosts: ${hosts}
  gateways: ${gateways}
  http: [{match: [{uri: {prefix: ${prefix}}}], route: [{destination: {host: svc}}]}]`;

const BASE = load(
  [
    vs('m', 'a', '[x.example.com, y.example.com]', '[gw, mesh]'),
    vs('c', 'b', '[x.example.com]', '[a/gw]'),
    vs('q', 'a', '[z.example.com]', '[mesh]'),
    vs('c', 'a', '[y.example.com]', '[gw]'),
  ].join('\n---\n'),
);

/** The index as comparable data: lists of `namespace/name` per key, in order. */
function shape(i: VirtualServiceIndex): unknown {
  const names = (l: readonly VirtualServiceEntry[]): string[] => l.map((e) => `${e.namespace}/${e.name}`);
  const keyed = (m: ReadonlyMap<string, readonly VirtualServiceEntry[]>): Record<string, string[]> => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, names(v)]));
  return { all: names(i.all), byGateway: keyed(i.byGateway), byHost: keyed(i.byHost), specs: i.all.map((e) => e.spec) };
}

const rebuilt = (s: MeshSnapshot): VirtualServiceIndex => buildVirtualServiceIndex(s.byKind('VirtualService'), s.domainSuffix);

test('updates patch the index into exactly what a rebuild gives', () => {
  let s = buildSnapshot(BASE);
  const steps: { upsert?: string; delete?: string }[] = [
    { upsert: vs('m', 'a', '[x.example.com, w.example.com]', '[mesh, other/gw]', '/m') },
    { upsert: vs('b', 'z', '[x.example.com]', '[a/gw, a/gw]') },
    { upsert: vs('a', 'a', '[y.example.com, Y.example.com]', '[gw]') },
    { delete: 'VirtualService/b/c' },
    { upsert: vs('zz', 'a', '[q.example.com]', '[mesh]') },
    { delete: 'VirtualService/a/m' },
  ];
  for (const step of steps) {
    const prev = s;
    s = s.update({ upsert: step.upsert ? load(step.upsert) : [], delete: step.delete ? [step.delete] : [] });
    assert.deepEqual(shape(s.virtualServices), shape(rebuilt(s)), JSON.stringify(step));
    assert.notEqual(s.virtualServices, prev.virtualServices);
    assert.deepEqual(shape(prev.virtualServices), shape(rebuilt(prev)), 'the previous snapshot keeps its index');
  }
  assert.deepEqual(s.virtualServices.byGateway.get('a/gw')!.map((e) => e.name), ['a', 'b', 'b', 'c']);
});

test('entries of unchanged VirtualServices are shared by the updated index', () => {
  const s1 = buildSnapshot(BASE);
  const s2 = s1.update({ upsert: load(vs('q', 'a', '[z.example.com]', '[mesh]', '/new')) });
  const same = (s: MeshSnapshot, name: string, ns: string) => s.virtualServices.all.find((e) => e.name === name && e.namespace === ns);
  assert.equal(same(s2, 'm', 'a'), same(s1, 'm', 'a'));
  assert.notEqual(same(s2, 'q', 'a'), same(s1, 'q', 'a'));
  assert.equal(s2.virtualServices.byGateway.get('a/gw'), s1.virtualServices.byGateway.get('a/gw'), 'lists the change does not touch are kept, not rebuilt');
  assert.equal(s2.virtualServices.byHost.get('x.example.com'), s1.virtualServices.byHost.get('x.example.com'));
  assert.notEqual(s2.virtualServices.byGateway.get('mesh'), s1.virtualServices.byGateway.get('mesh'));
});

test('delegation is not patched: the caller rebuilds', () => {
  const s = buildSnapshot(BASE);
  const delegate = load(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: d, namespace: a}
spec: {http: [{route: [{destination: {host: svc}}]}]}`);
  assert.equal(updateVirtualServiceIndex(s.virtualServices, [], delegate, s.domainSuffix), undefined);
  const root = load(vs('r', 'a', '[r.example.com]', '[mesh]').replace('http: [{match: [{uri: {prefix: /}}], route: [{destination: {host: svc}}]}]', 'http: [{delegate: {name: d}}]'));
  assert.equal(updateVirtualServiceIndex(s.virtualServices, [], root, s.domainSuffix), undefined);
  const s2 = s.update({ upsert: [...delegate, ...root] });
  assert.deepEqual(shape(s2.virtualServices), shape(rebuilt(s2)));
  assert.equal(s2.virtualServices.byHost.get('r.example.com')![0].spec.http![0].route![0].destination.host, 'svc.a.svc.cluster.local');
});
