/** Circuit breaker thresholds: defaults, the DEFAULT priority entry, counting and gauges. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ResourceManager } from './circuit-breaker.ts';

test("Envoy's defaults without thresholds: 1024 connections, pending and requests, 3 retries", () => {
  const rm = new ResourceManager(undefined);
  assert.deepEqual([rm.connections.max, rm.pendingRequests.max, rm.requests.max, rm.retries.max], [1024, 1024, 1024, 3]);
  assert.equal(rm.trackRemaining, false);
  assert.deepEqual(rm.gauges().map(([n]) => n), ['circuit_breakers.default.cx_open', 'circuit_breakers.default.cx_pool_open', 'circuit_breakers.default.rq_open', 'circuit_breakers.default.rq_pending_open', 'circuit_breakers.default.rq_retry_open']);
});

test('the DEFAULT priority thresholds apply; a resource opens at its limit', () => {
  const rm = new ResourceManager([{ priority: 'HIGH', maxRequests: 99 }, { maxRequests: 2, maxPendingRequests: 1, trackRemaining: true }]);
  assert.equal(rm.requests.max, 2);
  assert.ok(rm.requests.canCreate());
  rm.requests.inc();
  rm.requests.inc();
  assert.equal(rm.requests.canCreate(), false);
  const g = new Map(rm.gauges());
  assert.equal(g.get('circuit_breakers.default.rq_open'), 1);
  assert.equal(g.get('circuit_breakers.default.remaining_rq'), 0);
  assert.equal(g.get('circuit_breakers.default.remaining_pending'), 1);
  rm.requests.dec();
  assert.ok(rm.requests.canCreate());
  rm.requests.dec();
  rm.requests.dec();
  assert.equal(rm.requests.count, 0, 'never below zero');
});

test('a zero limit always overflows; bad values reject the cluster', () => {
  assert.equal(new ResourceManager([{ maxPendingRequests: 0 }]).pendingRequests.canCreate(), false);
  assert.throws(() => new ResourceManager([{ maxConnections: -1 }]), /uint32/);
});
