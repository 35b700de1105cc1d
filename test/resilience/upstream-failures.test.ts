/**
 * The local replies for upstream failures, against backends on 127.0.0.x: no healthy endpoint
 * (503 UH, also for a subset that selects nothing through the real translation), a refused
 * connection (503 UF with the transport failure reason), a reset (503 UR), a close before any
 * response (503 UC) — each backend receiving exactly the one request sent.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { request, until } from '../helpers/http-client.ts';
import { closeAll, startBackend, startBackends, type Backend } from './backends.ts';
import { cluster, gateway, logs, route, start } from './harness.ts';
import { translate } from './translate.ts';

let a: Backend;
let b: Backend;
let dead: Backend;
before(async () => {
  [a, b] = await startBackends(2, 2);
  dead = await startBackend('dead', '127.0.0.9');
  await dead.close();
});
after(() => closeAll([a, b]));

test('UH, UF, UR and UC: status, body, flags and what each backend received', async () => {
  a.mode = 'reset';
  b.mode = 'close';
  const routes = [route('/none', { cluster: 'none' }), route('/dead', { cluster: 'dead' }), route('/reset', { cluster: 'reset' }), route('/close', { cluster: 'close' })];
  const clusters = [cluster('none', []), cluster('dead', [dead]), cluster('reset', [a]), cluster('close', [b])];
  const p = await start(gateway(routes, clusters));
  try {
    const uh = await request(p.port(), { path: '/none' });
    assert.deepEqual([uh.status, uh.body], [503, 'no healthy upstream']);
    const uf = await request(p.port(), { path: '/dead' });
    assert.equal(uf.status, 503);
    assert.match(uf.body, /reset reason: connection failure, transport failure reason: delayed_connect_error:_Connection_refused/);
    const ur = await request(p.port(), { path: '/reset' });
    assert.deepEqual([ur.status, ur.body], [503, 'upstream connect error or disconnect/reset before headers. reset reason: remote reset']);
    const uc = await request(p.port(), { path: '/close' });
    assert.deepEqual([uc.status, uc.body], [503, 'upstream connect error or disconnect/reset before headers. reset reason: connection termination']);
    assert.deepEqual([a.hits, b.hits], [1, 1]);
    await until(() => p.logs.length === 4);
    assert.deepEqual(logs(p).map((l) => l.response_flags), ['UH', 'UF', 'UR', 'UC']);
  } finally {
    await p.stop();
  }
});

test('a subset that selects no endpoint: 503 UH through the real translation', async () => {
  const yaml = `
apiVersion: networking.istio.io/v1
kind: WorkloadEntry
metadata: {name: ingressgateway, namespace: istio-system}
spec: {address: 127.0.0.1, labels: {istio: ingressgateway}}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gateway, namespace: default}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: [web.example.com]}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec: {selector: {app: web}, ports: [{name: http, port: 80}]}
---
apiVersion: networking.istio.io/v1
kind: WorkloadEntry
metadata: {name: web-1, namespace: default}
spec: {address: ${a.address}, ports: {http: ${a.port}}, labels: {app: web, version: v1}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: web, namespace: default}
spec: {host: web, subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web, namespace: default}
spec:
  hosts: [web.example.com]
  gateways: [gateway]
  http: [{route: [{destination: {host: web, subset: v2}}]}]`;
  const p = await start(translate(yaml));
  try {
    const r = await request(p.port('0.0.0.0_80'), { host: 'web.example.com' });
    assert.deepEqual([r.status, r.body], [503, 'no healthy upstream']);
  } finally {
    await p.stop();
  }
});
