/**
 * `includeRequestAttemptCount` end to end: Istio YAML for an ingress gateway, translated by the
 * real generator and served by the proxy over loopback, sends `x-envoy-attempt-count` upstream —
 * `1` on a first attempt, `2` on its retry — as Envoy does for Istio's gateway virtual hosts.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { request } from '../helpers/http-client.ts';
import { closeAll, startBackends, type Backend } from '../resilience/backends.ts';
import { start } from '../resilience/harness.ts';
import { translate } from '../resilience/translate.ts';

let backends: Backend[];
before(async () => {
  backends = await startBackends(1, 2);
});
after(() => closeAll(backends));

const config = (b: Backend): string => `apiVersion: networking.istio.io/v1
kind: WorkloadEntry
metadata: {name: ingressgateway, namespace: istio-system}
spec: {address: 127.0.0.1, labels: {istio: ingressgateway}}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gateway, namespace: default}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: [app.example.com]}]
---
apiVersion: v1
kind: Service
metadata: {name: app, namespace: default}
spec: {selector: {app: app}, ports: [{name: http, port: 8080}]}
---
apiVersion: networking.istio.io/v1
kind: WorkloadEntry
metadata: {name: app-1, namespace: default}
spec: {address: ${b.address}, ports: {http: ${b.port}}, labels: {app: app}}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: app, namespace: default}
spec:
  hosts: [app.example.com]
  gateways: [gateway]
  http: [{route: [{destination: {host: app}}]}]`;

test('a request through a generated gateway carries x-envoy-attempt-count to the backend', async () => {
  const [b] = backends;
  const resources = translate(config(b));
  const vh = resources.routes.find((r) => r.name === 'http.80')!.virtualHosts!.find((v) => v.name === 'app.example.com:80')!;
  assert.equal(vh.includeRequestAttemptCount, true);
  const p = await start(resources);
  try {
    assert.equal((await request(p.port('0.0.0.0_80'), { host: 'app.example.com', path: '/first' })).status, 200);
    assert.deepEqual(b.received.map((r) => [r.path, r.headers['x-envoy-attempt-count']]), [['/first', '1']]);
    // Istio's default retry policy retries a 503 once here: the second attempt says so.
    b.queue = ['status:503'];
    assert.equal((await request(p.port('0.0.0.0_80'), { host: 'app.example.com', path: '/retried' })).status, 200);
    assert.deepEqual(b.received.slice(1).map((r) => [r.path, r.headers['x-envoy-attempt-count']]), [['/retried', '1'], ['/retried', '2']]);
  } finally {
    await p.stop();
  }
});
