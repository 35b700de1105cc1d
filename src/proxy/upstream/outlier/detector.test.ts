/** Outlier detection: consecutive errors, ejection time growth and cap, max ejection percent, sweeps. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scriptedRandom } from '../../common/random.ts';
import { ManualTimeSource } from '../../common/time-source.ts';
import { OutlierDetector } from './detector.ts';
import { compileOutlierConfig } from './outlier-config.ts';

function setup(o: Parameters<typeof compileOutlierConfig>[0], hosts = ['a', 'b', 'c', 'd'], random = scriptedRandom([0])) {
  const time = new ManualTimeSource(1000);
  const changes: string[] = [];
  const d = new OutlierDetector<string>(compileOutlierConfig(o), (h, ejected) => changes.push(`${ejected ? 'eject' : 'return'} ${h}`), time, random);
  d.setHosts(hosts);
  return { d, time, changes };
}

const fail = (d: OutlierDetector<string>, h: string, n: number, code = 500) => {
  for (let i = 0; i < n; i++) d.putHttpResponseCode(h, code);
};

test("Envoy's defaults", () => {
  const c = compileOutlierConfig({});
  assert.deepEqual(
    [c.consecutive5xx, c.enforcingConsecutive5xx, c.consecutiveGatewayFailure, c.enforcingConsecutiveGatewayFailure, c.intervalMs, c.baseEjectionTimeMs, c.maxEjectionTimeMs, c.maxEjectionPercent],
    [5, 100, 5, 0, 10_000, 30_000, 300_000, 10],
  );
  assert.equal(compileOutlierConfig({ baseEjectionTime: '400s' }).maxEjectionTimeMs, 400_000);
  assert.throws(() => compileOutlierConfig({ baseEjectionTime: '60s', maxEjectionTime: '30s' }), /cannot be smaller/);
});

test('consecutive 5xx ejects at the threshold; a success in between resets the count', () => {
  const { d, changes } = setup({ consecutive5xx: 3, maxEjectionPercent: 100 });
  fail(d, 'a', 2);
  d.putHttpResponseCode('a', 200);
  fail(d, 'a', 2);
  assert.equal(d.isEjected('a'), false);
  fail(d, 'a', 1);
  assert.equal(d.isEjected('a'), true);
  assert.deepEqual(changes, ['eject a']);
  assert.equal(d.stats.ejections_active, 1);
  assert.equal(d.stats.ejections_enforced_consecutive_5xx, 1);
  assert.equal(d.stats.ejections_detected_consecutive_5xx, 1);
});

test('ejection time is base × number of ejections, capped by maxEjectionTime; sweeps return hosts', () => {
  const { d, time, changes } = setup({ consecutive5xx: 1, baseEjectionTime: '10s', maxEjectionTime: '25s', maxEjectionPercent: 100 });
  const cycle = (expectMs: number) => {
    fail(d, 'a', 1);
    assert.equal(d.ejectionDurationMs('a'), expectMs);
    time.advance(expectMs - 1);
    d.sweep();
    assert.equal(d.isEjected('a'), true, 'not yet');
    time.advance(1);
    d.sweep();
    assert.equal(d.isEjected('a'), false, 'back after its time');
  };
  cycle(10_000);
  cycle(20_000);
  cycle(25_000);
  cycle(25_000);
  assert.equal(d.monitor('a')!.numEjections, 4);
  assert.equal(changes.length, 8);
});

test('the multiplier decays by one per sweep while the host stays healthy', () => {
  const { d, time } = setup({ consecutive5xx: 1, baseEjectionTime: '10s', maxEjectionPercent: 100 });
  fail(d, 'a', 1);
  time.advance(10_000);
  d.sweep();
  fail(d, 'a', 1);
  assert.equal(d.ejectionDurationMs('a'), 20_000);
  time.advance(20_000);
  d.sweep();
  d.sweep();
  d.sweep();
  fail(d, 'a', 1);
  assert.equal(d.ejectionDurationMs('a'), 10_000, 'two healthy sweeps brought the multiplier from 2 to 0, then +1');
});

test('maxEjectionPercent counts the host about to be ejected (10% of 4 hosts ejects none)', () => {
  const small = setup({ consecutive5xx: 1 });
  fail(small.d, 'a', 1);
  assert.equal(small.d.isEjected('a'), false);
  assert.equal(small.d.stats.ejections_overflow, 1);
  const half = setup({ consecutive5xx: 1, maxEjectionPercent: 50 });
  fail(half.d, 'a', 1);
  fail(half.d, 'b', 1);
  fail(half.d, 'c', 1);
  assert.deepEqual(['a', 'b', 'c'].map((h) => half.d.isEjected(h)), [true, true, false]);
  assert.equal(half.d.stats.ejections_overflow, 1);
  const one = setup({ consecutive5xx: 1, alwaysEjectOneHost: true } as never);
  fail(one.d, 'a', 1);
  fail(one.d, 'b', 1);
  assert.deepEqual([one.d.isEjected('a'), one.d.isEjected('b')], [true, false]);
});

test('gateway failures: counted on 502/503/504 only, enforced only when configured', () => {
  const off = setup({ consecutiveGatewayFailure: 2, consecutive5xx: 0, maxEjectionPercent: 100 });
  fail(off.d, 'a', 2, 503);
  assert.equal(off.d.isEjected('a'), false, 'enforcingConsecutiveGatewayFailure defaults to 0');
  assert.equal(off.d.stats.ejections_detected_consecutive_gateway_failure, 1);
  const on = setup({ consecutiveGatewayFailure: 2, enforcingConsecutiveGatewayFailure: 100, consecutive5xx: 0, maxEjectionPercent: 100 });
  fail(on.d, 'a', 1, 502);
  fail(on.d, 'a', 1, 500);
  fail(on.d, 'a', 1, 504);
  assert.equal(on.d.isEjected('a'), false, 'a 500 in between resets the gateway failure count');
  fail(on.d, 'a', 1, 504);
  assert.equal(on.d.isEjected('a'), true);
  assert.equal(on.d.stats.ejections_enforced_consecutive_gateway_failure, 1);
});

test('enforcing percentage draws from the random source', () => {
  const { d } = setup({ consecutive5xx: 1, enforcingConsecutive5xx: 50, maxEjectionPercent: 100 }, ['a', 'b'], scriptedRandom([0.7, 0.2]));
  fail(d, 'a', 1);
  assert.equal(d.isEjected('a'), false, 'draw 0.7 ≥ 50%');
  fail(d, 'a', 1);
  assert.equal(d.isEjected('a'), true, 'draw 0.2 < 50%');
});

test('local-origin failures count as 503/504 unless split, then against consecutiveLocalOriginFailure', () => {
  const joined = setup({ consecutive5xx: 2, maxEjectionPercent: 100 });
  joined.d.putResult('a', 'local_origin_connect_failed');
  joined.d.putResult('a', 'local_origin_timeout');
  assert.equal(joined.d.isEjected('a'), true);
  const split = setup({ splitExternalLocalOriginErrors: true, consecutiveLocalOriginFailure: 2, consecutive5xx: 2, maxEjectionPercent: 100 });
  split.d.putResult('a', 'local_origin_connect_failed');
  split.d.putResult('a', 'local_origin_connect_success');
  split.d.putResult('a', 'local_origin_connect_failed');
  assert.equal(split.d.isEjected('a'), false, 'a successful connect resets the local-origin count');
  split.d.putResult('a', 'local_origin_timeout');
  assert.equal(split.d.isEjected('a'), true);
  assert.equal(split.d.stats.ejections_enforced_consecutive_local_origin_failure, 1);
  assert.equal(split.d.monitor('a')!.consecutive5xx, 0, 'split: local failures are not 5xx');
});

test('hosts leaving the cluster take their ejection with them', () => {
  const { d } = setup({ consecutive5xx: 1, maxEjectionPercent: 100 });
  fail(d, 'a', 1);
  assert.equal(d.stats.ejections_active, 1);
  d.setHosts(['b', 'c']);
  assert.equal(d.stats.ejections_active, 0);
  assert.equal(d.monitor('a'), undefined);
  d.putHttpResponseCode('a', 500);
});
