/** Tests for push-run.ts: slicing with yields, skipping departed connections, superseding. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { XdsConnection } from './connection.ts';
import { PushRun, type PushRunResult } from './push-run.ts';

const conns = (n: number) => Array.from({ length: n }, (_, i) => ({ conId: `c${i}` }) as XdsConnection);

test('a push smaller than a slice completes synchronously; departed connections are skipped', () => {
  const list = conns(5);
  const gone = new Set(['c1']);
  const seen: string[] = [];
  let result: PushRunResult | undefined;
  new PushRun(list, (c) => !gone.has(c.conId), (c) => (seen.push(c.conId), c.conId === 'c4' ? 0 : 2), (r) => (result = r)).start();
  assert.deepEqual(seen, ['c0', 'c2', 'c3', 'c4']);
  assert.deepEqual(result, { proxies: 4, proxiesPushed: 3, responses: 6, superseded: false });
});

test('a long push yields between slices, so other work runs before it ends', async () => {
  const list = conns(100);
  const order: string[] = [];
  let done!: (r: PushRunResult) => void;
  const finished = new Promise<PushRunResult>((resolve) => (done = resolve));
  new PushRun(list, () => true, (c) => (order.push(c.conId), 1), done, 0).start();
  assert.equal(order.length, 16, 'the first slice stops at the first check past its (zero) budget');
  setImmediate(() => order.push('other work'));
  const r = await finished;
  assert.equal(r.responses, 100);
  assert.ok(order.indexOf('other work') > 0 && order.indexOf('other work') < order.length - 1, 'other work ran between slices');
});

test('cancel stops before the next connection and reports the push as superseded, once', async () => {
  const list = conns(64);
  const results: PushRunResult[] = [];
  let visited = 0;
  const run = new PushRun(list, () => true, () => (visited++, 1), (r) => results.push(r), 0);
  run.start();
  run.cancel();
  run.cancel();
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  assert.equal(visited, 16);
  assert.deepEqual(results, [{ proxies: 16, proxiesPushed: 16, responses: 16, superseded: true }]);
});
