/** Tests for backoff.ts: growth, cap, jitter bounds, reset, option checks. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Backoff } from './backoff.ts';

test('delays grow by the multiplier up to the cap and reset', () => {
  const b = new Backoff({ initialMs: 100, maxMs: 1000, multiplier: 2, jitter: 0 });
  assert.deepEqual([b.next(), b.next(), b.next(), b.next(), b.next(), b.next()], [100, 200, 400, 800, 1000, 1000]);
  b.reset();
  assert.equal(b.next(), 100);
});

test('jitter stays within ±jitter of the base delay', () => {
  assert.equal(new Backoff({ initialMs: 1000, jitter: 0.2 }, () => 0).next(), 800);
  assert.equal(new Backoff({ initialMs: 1000, jitter: 0.2 }, () => 1).next(), 1200);
});

test('invalid options throw', () => {
  assert.throws(() => new Backoff({ initialMs: 0 }), RangeError);
  assert.throws(() => new Backoff({ initialMs: 10, maxMs: 5 }), RangeError);
  assert.throws(() => new Backoff({ jitter: 2 }), RangeError);
});
