/**
 * Retries on HTTP/2 (gRPC-style) upstreams: the gRPC conditions Istio's default policy lists
 * (cancelled, deadline-exceeded, internal, resource-exhausted, unavailable) read the grpc-status of
 * a trailers-only response, and refused-stream retries a stream the upstream refused — each on
 * another endpoint, each backend seeing exactly the attempts made.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { request, until } from '../helpers/http-client.ts';
import { closeAll, startH2Backend, type Backend } from './backends.ts';
import { gateway, h2Cluster, logs, route, start } from './harness.ts';

let a: Backend;
let b: Backend;
before(async () => {
  a = await startH2Backend('a', '127.0.0.2');
  b = await startH2Backend('b', '127.0.0.3');
});
after(() => closeAll([a, b]));
beforeEach(() => {
  a.reset();
  b.reset();
});

const grpc = { 'content-type': 'application/grpc', te: 'trailers' };

async function send(retryOn: string, n: number): Promise<{ statuses: number[]; grpcStatuses: (string | undefined)[]; flags: string[] }> {
  const p = await start(gateway([route('/', { cluster: 'grpc', retryPolicy: { retryOn, numRetries: 2, retryHostPredicate: [{ name: 'envoy.retry_host_predicates.previous_hosts' }], hostSelectionRetryMaxAttempts: '5' } })], [h2Cluster('grpc', [a, b])]));
  try {
    const statuses: number[] = [];
    const grpcStatuses: (string | undefined)[] = [];
    for (let i = 0; i < n; i++) {
      const r = await request(p.port(), { method: 'POST', path: '/pkg.Svc/Call', headers: grpc, body: Buffer.from([0, 0, 0, 0, 0]) });
      statuses.push(r.status);
      grpcStatuses.push(r.headers['grpc-status'] as string | undefined);
    }
    await until(() => p.logs.length === n);
    return { statuses, grpcStatuses, flags: logs(p).map((l) => l.response_flags) };
  } finally {
    await p.stop();
  }
}

const CASES: [string, number][] = [
  ['cancelled', 1],
  ['deadline-exceeded', 4],
  ['resource-exhausted', 8],
  ['internal', 13],
  ['unavailable', 14],
];

for (const [condition, code] of CASES) {
  test(`${condition}: grpc-status ${code} in a trailers-only response is retried on the other endpoint`, async () => {
    a.mode = `grpc:${code}`;
    const r = await send(condition, 4);
    assert.deepEqual(r.statuses, [200, 200, 200, 200]);
    assert.equal(b.hits, 4, 'every call ends on b');
    assert.ok(a.hits >= 1);
    assert.ok(r.flags.every((f) => f === '-'));
  });
}

test('a gRPC status the policy does not name is returned as is', async () => {
  a.mode = 'grpc:13';
  b.mode = 'grpc:13';
  const r = await send('unavailable', 2);
  assert.deepEqual(r.grpcStatuses, ['13', '13']);
  assert.equal(a.hits + b.hits, 2, 'no retries');
});

test('refused-stream: a stream refused by the upstream (REFUSED_STREAM) is retried', async () => {
  a.mode = 'refuse';
  const r = await send('refused-stream', 4);
  assert.deepEqual(r.statuses, [200, 200, 200, 200]);
  assert.equal(b.hits, 4);
  a.reset();
  b.reset();
  a.mode = 'refuse';
  b.mode = 'refuse';
  const exhausted = await send('refused-stream', 1);
  assert.deepEqual(exhausted.statuses, [503]);
  assert.equal(a.hits + b.hits, 3, 'one attempt and two retries');
  assert.equal(exhausted.flags[0], 'UR,URX');
});
