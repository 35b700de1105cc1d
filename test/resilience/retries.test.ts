/**
 * Retries end to end against backends on 127.0.0.x that fail on command: each retryOn condition
 * Istio accepts, retries moving to another endpoint (previous hosts), x-envoy-attempt-count, URX
 * when exhausted, request bodies replayed (and not past the buffer limit), the maxRetries circuit
 * breaker — asserting statuses, access log flags and exactly how many requests each backend got.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import type { RetryPolicy } from '../../src/envoy/types.ts';
import { request, until } from '../helpers/http-client.ts';
import { closeAll, hitsByName, startBackend, startBackends, type Backend } from './backends.ts';
import { cluster, clusterStat, gateway, logs, route, start } from './harness.ts';

let a: Backend;
let b: Backend;
let dead: Backend;
before(async () => {
  [a, b] = await startBackends(2, 2);
  dead = await startBackend('dead', '127.0.0.9');
  await dead.close(); // its port now refuses connections
});
after(() => closeAll([a, b]));
beforeEach(() => {
  a.reset();
  b.reset();
});

const policy = (retryOn: string, extra: RetryPolicy = {}): RetryPolicy => ({ retryOn, numRetries: 3, retryHostPredicate: [{ name: 'envoy.retry_host_predicates.previous_hosts' }], hostSelectionRetryMaxAttempts: '5', ...extra });

async function run(retryPolicy: RetryPolicy | undefined, send: (port: number) => Promise<void>, backends = [a, b], clusterExtra = {}) {
  const p = await start(gateway([route('/', { cluster: 'svc', ...(retryPolicy ? { retryPolicy } : {}) })], [cluster('svc', backends, clusterExtra)]));
  try {
    await send(p.port());
    await until(() => p.logs.length > 0);
    return { logs: logs(p), retry: await clusterStat(p, 'svc', 'upstream_rq_retry'), stat: (n: string) => clusterStat(p, 'svc', n) };
  } finally {
    await p.stop();
  }
}

test('5xx: a failing endpoint is retried on the other one; each backend sees each request once', async () => {
  a.mode = 'status:503';
  const statuses: number[] = [];
  const r = await run(policy('5xx'), async (port) => {
    for (let i = 0; i < 10; i++) statuses.push((await request(port)).status);
  });
  assert.deepEqual(statuses, Array(10).fill(200));
  assert.equal(b.hits, 10, 'every request ends on b');
  assert.equal(a.hits, r.retry, 'a saw exactly the first attempts that were retried');
  // Round robin advances on every pick, retries included (as Envoy's): a, then b for each request.
  assert.ok(a.hits >= 9, String(a.hits));
  assert.equal(b.received.filter((x) => x.headers['x-envoy-attempt-count'] === '2').length, a.hits, 'the retried requests carry x-envoy-attempt-count: 2');
  assert.equal(b.received.filter((x) => x.headers['x-envoy-attempt-count'] === '1').length, 10 - a.hits);
  assert.ok(a.received.every((x) => x.headers['x-envoy-attempt-count'] === '1'));
  assert.ok(r.logs.every((l) => l.response_code === '200' && l.response_flags === '-' && l.upstream_host === `127.0.0.3:${b.port}`));
});

test('exhausted retries: the last response goes out with URX; no retry storm', async () => {
  a.mode = 'status:503';
  b.mode = 'status:503';
  const r = await run(policy('5xx', { numRetries: 2 }), async (port) => {
    assert.equal((await request(port)).status, 503);
  });
  assert.equal(a.hits + b.hits, 3, 'one attempt and two retries, nothing more');
  assert.ok(a.hits >= 1 && b.hits >= 1, 'previous_hosts spread the attempts');
  assert.equal(r.logs[0].response_flags, 'URX');
  assert.equal(await r.stat('upstream_rq_retry_limit_exceeded'), 1);
  assert.equal(r.retry, 2);
});

test('reset and connect-failure: resets and refused connections move to the next endpoint', async () => {
  a.mode = 'reset';
  let r = await run(policy('reset'), async (port) => {
    for (let i = 0; i < 4; i++) assert.equal((await request(port)).status, 200);
  });
  assert.equal(b.hits, 4);
  assert.ok(r.retry! >= 1 && r.retry === a.hits);
  a.reset();
  b.reset();
  a.mode = 'reset';
  r = await run(policy('connect-failure'), async (port) => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await request(port)).status);
    assert.ok(statuses.includes(503), 'connect-failure does not cover a reset after connecting');
  });
  assert.ok(r.logs.some((l) => l.response_flags === 'UR'));
  b.reset();
  r = await run(policy('connect-failure'), async (port) => {
    for (let i = 0; i < 4; i++) assert.equal((await request(port)).status, 200);
  }, [dead, b]);
  assert.equal(b.hits, 4);
  assert.ok(r.retry! >= 1);
});

test('reset-before-request retries a refused connection but not a reset after the request was sent', async () => {
  b.mode = 'ok';
  let r = await run(policy('reset-before-request'), async (port) => {
    for (let i = 0; i < 4; i++) assert.equal((await request(port)).status, 200);
  }, [dead, b]);
  assert.ok(r.retry! >= 1);
  a.mode = 'reset';
  r = await run(policy('reset-before-request', { numRetries: 5 }), async (port) => {
    const res = await request(port);
    assert.equal(res.status, 503);
  }, [a]);
  assert.equal(a.hits, 1, 'the request reached a: not retried');
  assert.equal(r.logs[0].response_flags, 'UR');
});

test('retriable-4xx (409), retriable-status-codes and numeric codes, retriable-headers', async () => {
  const once = async (p: RetryPolicy, firstMode: Backend['mode']): Promise<number> => {
    a.reset();
    a.queue = [firstMode];
    let status = 0;
    await run(p, async (port) => {
      status = (await request(port)).status;
    }, [a]);
    return status * 10 + a.hits;
  };
  assert.equal(await once(policy('retriable-4xx'), 'status:409'), 2002, '409 retried: 200 after 2 attempts');
  assert.equal(await once(policy('retriable-4xx'), 'status:404'), 4041, '404 is not retriable');
  assert.equal(await once(policy('retriable-status-codes', { retriableStatusCodes: [418] }), 'status:418'), 2002);
  assert.equal(await once(policy('gateway-error'), 'status:504'), 2002);
  assert.equal(await once(policy('gateway-error'), 'status:500'), 5001);
  const rh = policy('retriable-headers', { retriableHeaders: [{ name: 'x-backend', stringMatch: { exact: 'a' } }] });
  a.reset();
  b.reset();
  await run(rh, async (port) => {
    for (let i = 0; i < 4; i++) assert.equal(JSON.parse((await request(port)).body).backend, 'b');
  });
  assert.equal(b.hits, 4, 'responses from a (x-backend: a) are retried on b');
});

test('request bodies are replayed on retries; past the buffer limit they are not retried', async () => {
  a.mode = 'status:503';
  const body = JSON.stringify({ order: 42, items: ['x', 'y'] });
  await run(policy('5xx'), async (port) => {
    for (let i = 0; i < 4; i++) assert.equal((await request(port, { method: 'POST', body, headers: { 'content-type': 'application/json' } })).status, 200);
  });
  assert.equal(b.hits, 4);
  assert.ok(a.hits >= 1);
  for (const rq of [...a.received, ...b.received]) assert.equal(rq.body, body, 'every attempt carried the whole body');
  a.reset();
  b.reset();
  a.mode = 'status:503';
  b.mode = 'status:503';
  const big = Buffer.alloc(1024 * 1024 + 100, 'z');
  const r = await run(policy('5xx'), async (port) => {
    assert.equal((await request(port, { method: 'POST', body: big })).status, 503);
  });
  assert.equal(a.hits + b.hits, 1, 'over 1 MiB: the body was streamed once, no retry');
  assert.equal((a.received[0] ?? b.received[0]).body.length, big.length);
  assert.equal(await r.stat('retry_or_shadow_abandoned'), 1);
});

test('maxRetries circuit breaker: a retry over the limit is not made (UO)', async () => {
  a.mode = 'status:503';
  b.mode = 'status:503';
  const r = await run(policy('5xx'), async (port) => {
    assert.equal((await request(port)).status, 503);
  }, [a, b], { circuitBreakers: { thresholds: [{ maxRetries: 0 }] } });
  assert.equal(a.hits + b.hits, 1);
  assert.equal(r.logs[0].response_flags, 'UO');
  assert.equal(await r.stat('upstream_rq_retry_overflow'), 1);
});

test('no retry policy: the failure goes to the client as is', async () => {
  a.mode = 'status:503';
  b.mode = 'status:503';
  await run(undefined, async (port) => {
    assert.equal((await request(port)).status, 503);
  });
  assert.deepEqual(Object.values(hitsByName([a, b])).reduce((x, y) => x + y), 1);
});
