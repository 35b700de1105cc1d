/**
 * Retries through the real translation (Istio YAML → snapshot → Envoy resources → proxy):
 * docs/resilience/retries.md's example, and seed 001's VirtualService (`retries.attempts: 10`,
 * subsets v1 weight 0 / v2 weight 100) with Istio's default retry conditions — a 503 from one v2
 * endpoint is retried on the other; with every v2 endpoint failing, exactly 11 attempts are made
 * and the client gets the 503 with URX. v1 never sees a request.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { request, until } from '../helpers/http-client.ts';
import { closeAll, startBackends, type Backend } from './backends.ts';
import { clusterStat, logs, start } from './harness.ts';
import { bindPorts, docYaml, REPO, translate } from './translate.ts';

let bs: Backend[];
before(async () => {
  bs = await startBackends(3, 2);
});
after(() => closeAll(bs));
beforeEach(() => bs.forEach((b) => b.reset()));

test('docs/resilience/retries.md: a 503 endpoint is retried on the other; no retry storm', async () => {
  const [a, b] = bs;
  a.mode = 'status:503';
  const p = await start(translate(bindPorts(docYaml('retries.md'), [a, b])));
  try {
    for (let i = 0; i < 10; i++) assert.equal((await request(p.port('0.0.0.0_80'), { host: 'reviews.example.com' })).status, 200);
    assert.equal(b.hits, 10);
    assert.equal(a.hits, await clusterStat(p, 'outbound|9080||reviews.default.svc.cluster.local', 'upstream_rq_retry'));
    await until(() => p.logs.length === 10);
    assert.ok(logs(p).every((l) => l.response_flags === '-'));
  } finally {
    await p.stop();
  }
});

/** Seed 001's Gateway and VirtualService (its duplicated `spec:` line fixed), with a Service, subsets and endpoints. */
function seed001(): string {
  const seed = (f: string) => readFileSync(join(REPO, 'test', 'seeds', '001', f), 'utf8');
  const vs = seed('virtualservice-hosts.yaml').replace('spec:\nspec:\n', 'spec:\n');
  return [
    `apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: |
    accessLogFile: /dev/stdout
    accessLogEncoding: JSON`,
    `apiVersion: networking.istio.io/v1
kind: WorkloadEntry
metadata: {name: ingressgateway, namespace: istio-system}
spec: {address: 127.0.0.1, labels: {istio: ingressgateway}}`,
    seed('gateway-httpbin.yaml'),
    vs,
    `apiVersion: v1
kind: Service
metadata: {name: httpbin-service, namespace: default}
spec: {selector: {app: httpbin}, ports: [{name: http, port: 80, targetPort: 8000}]}`,
    `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: httpbin, namespace: default}
spec:
  host: httpbin-service
  subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]`,
    ...bs.map(
      (b, i) => `apiVersion: networking.istio.io/v1
kind: WorkloadEntry
metadata: {name: httpbin-${b.name}, namespace: default}
spec: {address: ${b.address}, ports: {http: ${b.port}}, labels: {app: httpbin, version: ${i === 0 ? 'v1' : 'v2'}}}`,
    ),
  ].join('\n---\n');
}

test("seed 001: retries.attempts: 10 with Istio's default conditions, end to end", async () => {
  const [v1, v2a, v2b] = bs;
  const resources = translate(seed001());
  const policy = resources.routes.flatMap((r) => r.virtualHosts ?? []).flatMap((v) => v.routes ?? [])[0].route!.retryPolicy!;
  assert.equal(policy.numRetries, 10);
  assert.deepEqual(policy.retriableStatusCodes, [503]);
  const p = await start(resources);
  const get = () => request(p.port('0.0.0.0_80'), { host: 'httpbin.local', path: '/ip' });
  try {
    v2a.mode = 'status:503';
    for (let i = 0; i < 6; i++) assert.equal((await get()).status, 200);
    assert.equal(v2b.hits, 6);
    assert.ok(v2a.hits >= 1);
    assert.equal(v1.hits, 0, 'weight 0: v1 never sees a request');
    v2a.reset();
    v2b.reset();
    v2a.mode = 'status:503';
    v2b.mode = 'status:503';
    const r = await get();
    assert.equal(r.status, 503);
    assert.equal(v2a.hits + v2b.hits, 11, 'one attempt plus exactly ten retries');
    assert.ok(v2a.hits >= 1 && v2b.hits >= 1, `previous_hosts moved the first retry to the other endpoint (${v2a.hits}/${v2b.hits})`);
    await until(() => p.logs.length === 7);
    assert.equal(logs(p)[6].response_flags, 'URX');
    const v2 = 'outbound|80|v2|httpbin-service.default.svc.cluster.local';
    assert.equal(await clusterStat(p, v2, 'upstream_rq_retry_limit_exceeded'), 1);
    v2b.mode = 'reset';
    assert.equal((await get()).status, 503, "a reset is not in Istio's default conditions");
  } finally {
    await p.stop();
  }
});
