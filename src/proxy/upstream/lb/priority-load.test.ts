/** Priority load, spill-over with the 1.4 overprovisioning factor, and panic mode (Envoy's examples). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { choosePriority, computePriorityLoad, priorityHealth } from './priority-load.ts';

test('health is the healthy share × 1.4, capped at 100', () => {
  assert.equal(priorityHealth({ total: 10, healthy: 10 }, 140), 100);
  assert.equal(priorityHealth({ total: 10, healthy: 7 }, 140), 98);
  assert.equal(priorityHealth({ total: 10, healthy: 5 }, 140), 70);
  assert.equal(priorityHealth({ total: 0, healthy: 0 }, 140), 0);
});

test('load spills from P0 to P1 as P0 loses health (the table in Envoy docs)', () => {
  const at = (p0Healthy: number, p1Healthy = 10) => computePriorityLoad([{ total: 10, healthy: p0Healthy }, { total: 10, healthy: p1Healthy }], 50).load;
  assert.deepEqual(at(10), [100, 0]);
  assert.deepEqual(at(8), [100, 0]);
  assert.deepEqual(at(5), [70, 30]);
  assert.deepEqual(at(2), [28, 72]);
  assert.deepEqual(at(0), [0, 100]);
  // Both degraded: normalized over the total availability.
  assert.deepEqual(computePriorityLoad([{ total: 10, healthy: 2 }, { total: 10, healthy: 3 }], 50).load, [40, 60]);
});

test('panic: a priority below the threshold balances over all hosts; 0 disables panic', () => {
  const r = computePriorityLoad([{ total: 4, healthy: 1 }], 50);
  assert.deepEqual(r, { load: [100], panic: [true] });
  assert.deepEqual(computePriorityLoad([{ total: 4, healthy: 1 }], 0), { load: [100], panic: [false] });
  assert.deepEqual(computePriorityLoad([{ total: 4, healthy: 2 }], 50).panic, [false]);
  assert.deepEqual(computePriorityLoad([{ total: 4, healthy: 1 }], 90).panic, [true]);
});

test('nothing healthy anywhere: total panic by host counts, or P0 with panic disabled', () => {
  assert.deepEqual(computePriorityLoad([{ total: 1, healthy: 0 }, { total: 3, healthy: 0 }], 50), { load: [25, 75], panic: [true, true] });
  assert.deepEqual(computePriorityLoad([{ total: 1, healthy: 0 }, { total: 3, healthy: 0 }], 0), { load: [100, 0], panic: [false, false] });
  assert.deepEqual(computePriorityLoad([], 50), { load: [], panic: [] });
});

test('choosePriority walks the cumulative load with a draw in [1, 100]', () => {
  assert.equal(choosePriority(1, [70, 30]), 0);
  assert.equal(choosePriority(70, [70, 30]), 0);
  assert.equal(choosePriority(71, [70, 30]), 1);
  assert.equal(choosePriority(100, [0, 100]), 1);
});
