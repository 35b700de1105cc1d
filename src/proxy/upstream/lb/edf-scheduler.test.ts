/** The EDF scheduler: picks in proportion to weight, ties in insertion order, dynamic re-weighting. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EdfScheduler } from './edf-scheduler.ts';

test('picks entries in proportion to their weights, evenly interleaved', () => {
  const s = new EdfScheduler<string>();
  s.add(4, 'a');
  s.add(1, 'b');
  const picks = Array.from({ length: 10 }, () => s.pickAndAdd((e) => (e === 'a' ? 4 : 1)));
  // Deadlines a: .25 .5 .75 1 …, b: 1 2 …; at a tie the earlier insertion (b) goes first.
  assert.deepEqual(picks, ['a', 'a', 'a', 'b', 'a', 'a', 'a', 'a', 'b', 'a']);
});

test('equal deadlines go in insertion order; weight 0 drops an entry', () => {
  const s = new EdfScheduler<string>();
  s.add(1, 'x');
  s.add(1, 'y');
  s.add(0, 'never');
  assert.equal(s.size, 2);
  assert.deepEqual([s.pickAndAdd(() => 1), s.pickAndAdd(() => 0), s.pickAndAdd(() => 1), s.pickAndAdd(() => 1)], ['x', 'y', 'x', 'x']);
  assert.equal(new EdfScheduler<string>().pickAndAdd(() => 1), undefined);
});
