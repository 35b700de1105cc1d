/** Merging the Gateways of one workload: route names per server kind and Istio's port conflict rules. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadText } from '../config/load.ts';
import type { Resource } from '../api/resource.ts';
import type { Gateway } from './api-types.ts';
import { mergeGateways } from './merged-gateway.ts';

const gws = (t: string) => loadText(t, 'g.yaml').resources as Resource<Gateway>[];

test('HTTP servers share http.PORT; HTTPS servers get per-server route names; TCP cannot share an HTTP port', () => {
  const m = mergeGateways(gws(`
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: a, namespace: n1}
spec:
  selector: {istio: ingressgateway}
  servers:
  - {port: {number: 80, name: http, protocol: HTTP}, hosts: [a.com]}
  - {port: {number: 443, name: https-a, protocol: HTTPS}, hosts: [./a.com], tls: {mode: SIMPLE, credentialName: a}}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: b, namespace: n2}
spec:
  selector: {istio: ingressgateway}
  servers:
  - {port: {number: 80, name: http, protocol: HTTP}, hosts: [b.com]}
  - {port: {number: 80, name: tcp, protocol: TCP}, hosts: ["*"]}
  - {port: {number: 443, name: https-b, protocol: HTTPS}, hosts: ["*/b.com"], tls: {mode: SIMPLE, credentialName: b}}
`));
  assert.deepEqual([...m.serversByRouteName.keys()].sort(), ['http.80', 'https.443.https-a.a.n1', 'https.443.https-b.b.n2']);
  assert.equal(m.serversByRouteName.get('http.80')!.length, 2);
  assert.deepEqual(m.rejected.map((r) => [r.gatewayName, r.port]), [['n2/b', 80]]);
  assert.match(m.rejected[0].reason, /protocol TCP conflicts with the HTTP server/);
  const https = m.ports.filter((p) => p.port === 443).flatMap((p) => p.servers);
  assert.deepEqual(https.map((s) => s.server.hosts), [['n1/a.com'], ['b.com']]);
  assert.deepEqual(https.map((s) => s.sniHosts), [['a.com'], ['b.com']]);
});

test('a Gateway decoded again with the same content keeps its merged servers; any change makes new ones', () => {
  const text = (host: string) => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: reload, namespace: n1}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: [${host}]}]`;
  const first = mergeGateways(gws(text('r.com')));
  const again = mergeGateways(gws(text('r.com')));
  assert.equal(again.ports[0].servers[0], first.ports[0].servers[0]);
  assert.equal(again, first, 'the same inputs merge to the same result');
  const edited = mergeGateways(gws(text('s.com')));
  assert.notEqual(edited.ports[0].servers[0], first.ports[0].servers[0]);
  assert.deepEqual(edited.ports[0].servers[0].server.hosts, ['s.com']);
  const moved = gws(`\n\n${text('s.com')}`);
  const m = mergeGateways(moved).ports[0].servers[0];
  assert.equal(m.gateway.source.line, moved[0].source.line, 'provenance follows the Gateway to its new line');
  assert.equal(mergeGateways(gws(text('s.com')), new Map([[80, 8080]])).ports[0].port, 8080, 'another port map, other inputs');
});
