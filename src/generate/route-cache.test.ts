/**
 * The gateway RDS cache: route configurations are shared while their inputs are the same objects
 * or (after a reload) equal ones, rebuilt when one changes, and always equal to what generation
 * with no cache generates.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Resource } from '../api/resource.ts';
import { loadText } from '../config/load.ts';
import type { RouteConfiguration } from '../envoy/types.ts';
import { buildSnapshot, type MeshSnapshot } from '../model/snapshot.ts';
import { proxyForWorkload } from '../model/workload-proxy.ts';
import { createContext } from './context.ts';
import { generateProxyResources } from './index.ts';
import { forgetGatewayRouteStores } from './route-cache.ts';

const load = (t: string): Resource[] => loadText(t, 'cache.yaml').resources;

const gateway = (name: string, host: string): string => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - {port: {number: 80, name: http, protocol: HTTP}, hosts: [${host}]}
  - {port: {number: 443, name: https-${name}, protocol: HTTPS}, hosts: [${host}], tls: {mode: SIMPLE, serverCertificate: /c.pem, privateKey: /k.pem}}`;

const virtualService = (name: string, gw: string, host: string, prefix: string): string => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: default}
spec:
  hosts: [${host}]
  gateways: [istio-system/${gw}]
  http: [{match: [{uri: {prefix: ${prefix}}}], route: [{destination: {host: svc}}]}]`;

/** The base configuration's text: every load decodes it into new objects, as a reload does. */
const baseText = (): string =>
  [
    gateway('a', 'a.example.com'),
    gateway('b', 'b.example.com'),
    virtualService('va', 'a', 'a.example.com', '/a'),
    virtualService('vb', 'b', 'b.example.com', '/b'),
    `apiVersion: v1
kind: Service
metadata: {name: svc, namespace: default}
spec: {ports: [{name: http, port: 80}]}`,
  ].join('\n---\n');

const BASE = load(baseText());

function routes(snap: MeshSnapshot, id = 'gw-1'): Map<string, RouteConfiguration> {
  const proxy = { ...proxyForWorkload(snap, { istio: 'ingressgateway' }, { namespace: 'istio-system', type: 'router' }), id };
  return new Map(generateProxyResources(proxy, snap).routes.map((r) => [r.name, r]));
}

/** What a snapshot built from scratch generates (no cached route configuration can apply). */
function fresh(snap: MeshSnapshot): Map<string, RouteConfiguration> {
  forgetGatewayRouteStores();
  return routes(buildSnapshot([...snap.resources.values()]));
}

test('repeated generation and replicas of the same gateway share route configurations', () => {
  const snap = buildSnapshot(BASE);
  const first = routes(snap);
  assert.deepEqual([...first.keys()].sort(), ['http.80', 'https.443.https-a.a.istio-system', 'https.443.https-b.b.istio-system']);
  const again = routes(snap);
  const replica = routes(snap, 'gw-2');
  for (const [name, rc] of first) {
    assert.equal(again.get(name), rc, name);
    assert.equal(replica.get(name), rc, name);
  }
});

test('a VirtualService change rebuilds only the route configurations that bind it', () => {
  const s1 = buildSnapshot(BASE);
  const before = routes(s1);
  const s2 = s1.update({ upsert: load(virtualService('va', 'a', 'a.example.com', '/changed')) });
  const after = routes(s2);
  assert.equal(after.get('https.443.https-b.b.istio-system'), before.get('https.443.https-b.b.istio-system'));
  assert.notEqual(after.get('https.443.https-a.a.istio-system'), before.get('https.443.https-a.a.istio-system'));
  assert.notEqual(after.get('http.80'), before.get('http.80'));
  assert.equal(after.get('http.80')!.virtualHosts!.find((v) => v.name === 'a.example.com:80')!.routes![0].match.prefix, '/changed');
  assert.deepEqual(after, fresh(s2));
  assert.equal(before.get('http.80')!.virtualHosts!.find((v) => v.name === 'a.example.com:80')!.routes![0].match.prefix, '/a', 'earlier results are untouched');
});

test('Gateway, DestinationRule, service and mesh changes never serve a stale route configuration', () => {
  let snap = buildSnapshot(BASE);
  routes(snap);
  const edits = [
    gateway('b', 'c.example.com'),
    `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: svc, namespace: default}
spec: {host: svc, trafficPolicy: {loadBalancer: {consistentHash: {httpHeaderName: x-user}}}}`,
    `apiVersion: v1
kind: Service
metadata: {name: svc, namespace: default}
spec: {ports: [{name: http, port: 80}, {name: http-2, port: 8080}]}`,
    `apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: |
    defaultHttpRetryPolicy: {attempts: 7}`,
    virtualService('vb', 'a', 'a.example.com', '/moved'),
  ];
  for (const e of edits) {
    const next = snap.update({ upsert: load(e) });
    const got = routes(next);
    assert.deepEqual(got, fresh(next), e.split('\n')[1]);
    assert.notDeepEqual(got, routes(snap), `${e.split('\n')[1]} changes the output`);
    snap = next;
  }
  const deleted = snap.update({ delete: ['VirtualService/default/va'] });
  assert.deepEqual(routes(deleted), fresh(deleted));
});

test('proxies in another namespace or with other labels get their own entries', () => {
  const snap = buildSnapshot(
    load(
      [
        gateway('a', 'a.example.com'),
        virtualService('va', 'a', 'a.example.com', '/a').replace('  hosts:', '  exportTo: ["."]\n  hosts:'),
        `apiVersion: v1
kind: Service
metadata: {name: svc, namespace: default}
spec: {ports: [{name: http, port: 80}]}`,
      ].join('\n---\n'),
    ),
  );
  const inRoot = routes(snap).get('http.80')!;
  const inDefault = new Map(generateProxyResources(proxyForWorkload(snap, { istio: 'ingressgateway' }, { namespace: 'default', type: 'router' }), snap).routes.map((r) => [r.name, r])).get('http.80')!;
  assert.equal(inRoot.virtualHosts![0].name, 'blackhole:80', 'exported only to its own namespace');
  assert.equal(inDefault.virtualHosts![0].name, 'a.example.com:80');
});

test('a reload of an unchanged configuration (new objects, same content) reuses every route configuration', () => {
  const first = routes(buildSnapshot(load(baseText())));
  const again = routes(buildSnapshot(load(baseText())));
  for (const [name, rc] of first) assert.equal(again.get(name), rc, name);
});

test('a reload with one edited VirtualService rebuilds what binds it, and equals generation without a cache', () => {
  const before = routes(buildSnapshot(load(baseText())));
  const snap = buildSnapshot(load(baseText().replace('prefix: /a}', 'prefix: /reloaded}')));
  const after = routes(snap);
  assert.equal(after.get('https.443.https-b.b.istio-system'), before.get('https.443.https-b.b.istio-system'));
  assert.notDeepEqual(after.get('https.443.https-a.a.istio-system'), before.get('https.443.https-a.a.istio-system'));
  assert.equal(after.get('http.80')!.virtualHosts!.find((v) => v.name === 'a.example.com:80')!.routes![0].match.prefix, '/reloaded');
  assert.deepEqual(after, fresh(snap));
  assert.equal(before.get('http.80')!.virtualHosts!.find((v) => v.name === 'a.example.com:80')!.routes![0].match.prefix, '/a', 'earlier results are untouched');
});

test('a reload with an edited Service, or a moved Gateway, never serves stale routes or provenance', () => {
  routes(buildSnapshot(load(baseText())));
  const twoPorts = baseText().replace('spec: {ports: [{name: http, port: 80}]}', 'spec: {ports: [{name: http, port: 80}, {name: http-2, port: 8080}]}');
  const snap = buildSnapshot(load(twoPorts));
  assert.deepEqual(routes(snap), fresh(snap));
  // The same Gateway two lines further down its file: equal values but another source line.
  const moved = buildSnapshot(load(`# one\n# two\n${baseText()}`));
  const proxy = proxyForWorkload(moved, { istio: 'ingressgateway' }, { namespace: 'istio-system', type: 'router' });
  const ms = createContext(proxy, moved).mergedGateway!.serversByRouteName.get('http.80')![0];
  assert.equal(ms.gateway.source.line, moved.get('Gateway', 'istio-system', 'a')!.source.line);
  assert.deepEqual(routes(moved), fresh(moved));
});
