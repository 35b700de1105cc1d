/** The zone-aware balancer: priorities and failover, panic, locality weights, retry host predicate. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../../common/random.ts';
import { buildPrioritySet } from './host-set.ts';
import { roundRobinPicker } from './pickers.ts';
import { hosts, isHealthy, place, tally, type TestHost } from './test-hosts.ts';
import { ZoneAwareLoadBalancer } from './zone-aware-lb.ts';

const opts = (panicThreshold = 50, localityWeighted = false) => ({ panicThreshold, localityWeighted, overprovisioningPercent: 140, random: seededRandom(3) });

test('all traffic to priority 0 while it is healthy; fail over to priority 1 when it is not', () => {
  const p0 = hosts(2, { base: 1 });
  const p1 = hosts(2, { base: 10 });
  const placements = [...place(p0, 0), ...place(p1, 1)];
  let lb = new ZoneAwareLoadBalancer(buildPrioritySet(placements, isHealthy), roundRobinPicker, opts(0));
  let t = tally(100, () => lb.chooseHost(undefined));
  assert.deepEqual([t.get('10.0.0.1:8080'), t.get('10.0.0.2:8080')], [50, 50]);
  p0.forEach((h) => (h.healthy = false));
  lb = new ZoneAwareLoadBalancer(buildPrioritySet(placements, isHealthy), roundRobinPicker, opts(0));
  t = tally(100, () => lb.chooseHost(undefined));
  assert.deepEqual([t.get('10.0.0.10:8080'), t.get('10.0.0.11:8080')], [50, 50]);
});

test('partial failover: half of P0 healthy sends 70% to P0 and 30% to P1', () => {
  const p0 = hosts(2, { base: 1 });
  p0[1].healthy = false;
  const p1 = hosts(2, { base: 10 });
  const lb = new ZoneAwareLoadBalancer(buildPrioritySet([...place(p0, 0), ...place(p1, 1)], isHealthy), roundRobinPicker, opts(0));
  assert.deepEqual(lb.priorityLoad.load, [70, 30]);
  const t = tally(10000, () => lb.chooseHost(undefined));
  assert.ok(Math.abs(t.get('10.0.0.1:8080')! - 7000) < 250, String(t.get('10.0.0.1:8080')));
  assert.equal(t.get('10.0.0.2:8080'), undefined, 'the unhealthy host gets nothing');
});

test('panic: below the threshold every host is used; with panic disabled only healthy ones', () => {
  const hs = hosts(4);
  hs.slice(1).forEach((h) => (h.healthy = false));
  const set = buildPrioritySet(place(hs), isHealthy);
  const panicking = new ZoneAwareLoadBalancer(set, roundRobinPicker, opts(50));
  assert.equal(tally(400, () => panicking.chooseHost(undefined)).size, 4);
  const strict = new ZoneAwareLoadBalancer(set, roundRobinPicker, opts(0));
  assert.deepEqual([...tally(400, () => strict.chooseHost(undefined)).keys()], ['10.0.0.1:8080']);
  hs[0].healthy = false;
  const none = new ZoneAwareLoadBalancer(buildPrioritySet(place(hs), isHealthy), roundRobinPicker, opts(0));
  assert.equal(none.chooseHost(undefined), undefined, 'no healthy host and no panic: nothing');
  assert.equal(new ZoneAwareLoadBalancer([], roundRobinPicker, opts()).chooseHost(undefined), undefined);
});

test('locality weights split traffic 70/30 and follow locality health', () => {
  const east = hosts(2, { base: 1 });
  const west = hosts(1, { base: 20 });
  const placements = [...place(east, 0, 'us-east', 70), ...place(west, 0, 'us-west', 30)];
  const lb = new ZoneAwareLoadBalancer(buildPrioritySet(placements, isHealthy), roundRobinPicker, opts(50, true));
  const t = tally(1000, () => lb.chooseHost(undefined));
  assert.equal((t.get('10.0.0.1:8080') ?? 0) + (t.get('10.0.0.2:8080') ?? 0), 700);
  assert.equal(t.get('10.0.0.20:8080'), 300);
  // One of two east hosts down: east availability min(1, 1.4 × 1/2) = 0.7 → weight 49 vs 30.
  east[0].healthy = false;
  const lb2 = new ZoneAwareLoadBalancer(buildPrioritySet(placements, isHealthy), roundRobinPicker, opts(0, true));
  const t2 = tally(790, () => lb2.chooseHost(undefined));
  assert.deepEqual([t2.get('10.0.0.2:8080'), t2.get('10.0.0.20:8080')], [490, 300]);
});

test('without localityWeightedLbConfig localities are pooled', () => {
  const lb = new ZoneAwareLoadBalancer(buildPrioritySet([...place(hosts(1, { base: 1 }), 0, 'a', 90), ...place(hosts(1, { base: 2 }), 0, 'b', 10)], isHealthy), roundRobinPicker, opts());
  const t = tally(100, () => lb.chooseHost(undefined));
  assert.deepEqual([t.get('10.0.0.1:8080'), t.get('10.0.0.2:8080')], [50, 50]);
});

test('the retry host predicate re-selects up to hostSelectionRetryCount times; the last pick stands', () => {
  const hs = hosts(3);
  const lb = new ZoneAwareLoadBalancer(buildPrioritySet(place(hs), isHealthy), roundRobinPicker, opts());
  const tried = new Set<TestHost>([hs[0], hs[1]]);
  for (let i = 0; i < 6; i++) {
    const h = lb.chooseHost({ hostSelectionRetryCount: 5, shouldSelectAnotherHost: (x) => tried.has(x) });
    assert.equal(h, hs[2]);
  }
  let asked = 0;
  const stuck = lb.chooseHost({ hostSelectionRetryCount: 2, shouldSelectAnotherHost: () => (asked++, true) });
  assert.ok(stuck);
  assert.equal(asked, 3);
});
