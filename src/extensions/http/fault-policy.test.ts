/** Fault decisions: percentages from an injected random source, Envoy's defaults, overflow, mapping. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scriptedRandom, seededRandom } from '../../proxy/common/random.ts';
import { compileFault, FaultDecider, FaultStats, httpToGrpcStatus } from './fault-policy.ts';

test('compiles what Istio generates: parts per million and per hundred', () => {
  const f = compileFault({ delay: { fixedDelay: '2s', percentage: { numerator: 500000, denominator: 'MILLION' } }, abort: { httpStatus: 503, percentage: { numerator: 10 } } }, 'route');
  assert.deepEqual([f.delayMs, f.delayFraction, f.abortHttpStatus, f.abortFraction], [2000, 0.5, 503, 0.1]);
  const g = compileFault({ abort: { grpcStatus: 14, percentage: { numerator: 100 } } }, 'route');
  assert.deepEqual([g.abortHttpStatus, g.abortGrpcStatus, g.abortFraction], [undefined, 14, 1]);
});

test('an absent percentage is 0% (nothing injected), as in Envoy', () => {
  const f = compileFault({ delay: { fixedDelay: '1s' }, abort: { httpStatus: 500 } }, 'route');
  const d = new FaultDecider(new FaultStats(), seededRandom(1));
  assert.equal(d.shouldDelay(f), false);
  assert.equal(d.shouldAbort(f), false);
});

test('sampling draws from the random source; stats count injections', () => {
  const f = compileFault({ delay: { fixedDelay: '1s', percentage: { numerator: 50 } }, abort: { httpStatus: 418, percentage: { numerator: 50 } } }, 'r');
  const stats = new FaultStats();
  const d = new FaultDecider(stats, scriptedRandom([0.4, 0.6, 0.6, 0.1]));
  assert.deepEqual([d.shouldDelay(f), d.shouldAbort(f), d.shouldDelay(f), d.shouldAbort(f)], [true, false, false, true]);
  assert.deepEqual([stats.delays_injected, stats.aborts_injected], [1, 1]);
  const always = compileFault({ abort: { httpStatus: 500, percentage: { numerator: 100 } } }, 'r');
  assert.ok(new FaultDecider(new FaultStats(), scriptedRandom([0.999])).shouldAbort(always), '100% needs no luck');
});

test('maxActiveFaults: overflow beyond the limit', () => {
  const f = compileFault({ abort: { httpStatus: 500, percentage: { numerator: 100 } }, maxActiveFaults: 1 }, 'r');
  const stats = new FaultStats();
  const d = new FaultDecider(stats, seededRandom(1));
  assert.ok(d.admits(f));
  stats.active_faults = 1;
  assert.equal(d.admits(f), false);
  assert.equal(stats.faults_overflow, 1);
});

test('validation and the HTTP → gRPC status map', () => {
  assert.throws(() => compileFault({ abort: {} }, 'r'), /httpStatus or grpcStatus/);
  assert.throws(() => compileFault({ abort: { httpStatus: 100 } }, 'r'), /\[200, 600\)/);
  assert.throws(() => compileFault({ delay: { fixedDelay: 'soon' } }, 'r'), /valid duration/);
  assert.deepEqual([503, 404, 401, 403, 400, 500].map(httpToGrpcStatus), [14, 12, 16, 7, 13, 2]);
});
