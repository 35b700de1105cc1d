/**
 * Timeouts end to end: the route timeout (504 UT, `0s` = none), the per-try timeout retried on
 * another endpoint or, when retries run out, 504 with UT and URX — and docs/resilience/timeouts.md's
 * example through the real translation.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { request, until } from '../helpers/http-client.ts';
import { closeAll, startBackends, type Backend } from './backends.ts';
import { cluster, clusterStat, gateway, logs, route, start } from './harness.ts';
import { bindPorts, docYaml, translate } from './translate.ts';

let a: Backend;
let b: Backend;
before(async () => {
  [a, b] = await startBackends(2, 2);
});
after(() => closeAll([a, b]));
beforeEach(() => {
  a.reset();
  b.reset();
});

test('route timeout: 504 upstream request timeout with UT; 0s means no timeout', async () => {
  const p = await start(gateway([route('/limited', { cluster: 'svc', timeout: '0.2s' }), route('/', { cluster: 'svc', timeout: '0s' })], [cluster('svc', [a])]));
  try {
    a.mode = 'hang';
    const t0 = Date.now();
    const r = await request(p.port(), { path: '/limited' });
    assert.deepEqual([r.status, r.body], [504, 'upstream request timeout']);
    assert.ok(Date.now() - t0 >= 190);
    assert.equal(a.received[0].headers['x-envoy-expected-rq-timeout-ms'], '200');
    a.mode = 'delay:400';
    const slow = await request(p.port(), { path: '/' });
    assert.equal(slow.status, 200, 'no timeout: the slow answer arrives');
    assert.equal(a.received[1].headers['x-envoy-expected-rq-timeout-ms'], undefined);
    await until(() => p.logs.length === 2);
    assert.deepEqual(logs(p).map((l) => l.response_flags), ['UT', '-']);
    assert.equal(await clusterStat(p, 'svc', 'upstream_rq_timeout'), 1);
    assert.equal(a.hits, 2);
  } finally {
    await p.stop();
  }
});

test('per-try timeout: a hanging endpoint is abandoned and the retry succeeds elsewhere', async () => {
  a.mode = 'hang';
  const retryPolicy = { retryOn: '5xx', numRetries: 1, perTryTimeout: '0.15s', retryHostPredicate: [{ name: 'envoy.retry_host_predicates.previous_hosts' }], hostSelectionRetryMaxAttempts: '5' };
  const p = await start(gateway([route('/', { cluster: 'svc', timeout: '3s', retryPolicy })], [cluster('svc', [a, b])]));
  try {
    for (let i = 0; i < 4; i++) assert.equal((await request(p.port())).status, 200);
    assert.equal(b.hits, 4);
    assert.ok(a.hits >= 1);
    assert.equal(await clusterStat(p, 'svc', 'upstream_rq_per_try_timeout'), a.hits);
    assert.equal(b.received[0].headers['x-envoy-expected-rq-timeout-ms'], '150', 'the per-try budget is announced');
    b.mode = 'hang';
    a.reset();
    a.mode = 'hang';
    const r = await request(p.port());
    assert.deepEqual([r.status, r.body], [504, 'upstream request timeout']);
    await until(() => p.logs.length === 5);
    assert.equal(logs(p)[4].response_flags, 'UT,URX');
  } finally {
    await p.stop();
  }
});

test("Istio's default retry policy does not retry a per-try timeout", async () => {
  a.mode = 'hang';
  const retryPolicy = { retryOn: 'connect-failure,refused-stream,unavailable,cancelled,resource-exhausted,retriable-status-codes', numRetries: 2, perTryTimeout: '0.1s', retriableStatusCodes: [503] };
  const p = await start(gateway([route('/', { cluster: 'svc', retryPolicy })], [cluster('svc', [a])]));
  try {
    assert.equal((await request(p.port())).status, 504);
    assert.equal(a.hits, 1);
  } finally {
    await p.stop();
  }
});

test('docs/resilience/timeouts.md: the example translated and run', async () => {
  const p = await start(translate(bindPorts(docYaml('timeouts.md'), [a])));
  try {
    a.mode = 'delay:1000';
    const slow = await request(p.port('0.0.0.0_80'), { host: 'reviews.example.com', path: '/slow' });
    assert.equal(slow.status, 504);
    a.queue = ['hang'];
    a.mode = 'ok';
    const perTry = await request(p.port('0.0.0.0_80'), { host: 'reviews.example.com', path: '/per-try' });
    assert.equal(perTry.status, 200, 'the per-try timeout retried the hanging attempt');
    a.mode = 'delay:300';
    assert.equal((await request(p.port('0.0.0.0_80'), { host: 'reviews.example.com', path: '/other' })).status, 200);
    await until(() => p.logs.length === 3);
    assert.deepEqual(logs(p).map((l) => l.response_flags), ['UT', '-', '-']);
    assert.equal(a.hits, 4);
  } finally {
    await p.stop();
  }
});
