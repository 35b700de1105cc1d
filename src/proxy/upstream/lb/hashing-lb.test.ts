/** Ring hash and maglev: consistency, weights, minimal disruption, retries that avoid a host. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../../common/random.ts';
import { HashingLoadBalancer } from './hashing-lb.ts';
import { buildPrioritySet } from './host-set.ts';
import { MaglevTable, isPrime } from './maglev.ts';
import { normalizeWeights } from './normalize-weights.ts';
import { Ring } from './ring-hash.ts';
import { hosts, isHealthy, place, type TestHost } from './test-hosts.ts';
import { xxHash64 } from './xxhash64.ts';

const opts = { panicThreshold: 50, localityWeighted: false, overprovisioningPercent: 140, random: seededRandom(9) };
const keys = Array.from({ length: 4000 }, (_, i) => xxHash64(`user-${i}`));
const set = (hs: TestHost[]) => buildPrioritySet(place(hs), isHealthy);

function share(pick: (k: bigint) => TestHost | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const k of keys) {
    const a = pick(k)!.addressText;
    out.set(a, (out.get(a) ?? 0) + 1);
  }
  return out;
}

test('ring: 1024 points over equal hosts; the first point at or after the hash', () => {
  const hs = hosts(4);
  const ring = new Ring(normalizeWeights(set(hs)[0], false, false), 1024);
  assert.equal(ring.size, 1024);
  assert.deepEqual([ring.minHashesPerHost, ring.maxHashesPerHost], [256, 256]);
  const first = ring.hashes[0];
  assert.equal(ring.chooseHost(first, 0), ring.hosts[0]);
  assert.equal(ring.chooseHost(first + 1n, 0), ring.hosts[1]);
  assert.equal(ring.chooseHost((1n << 64n) - 1n, 0), ring.hosts[0], 'past the last point wraps around');
  assert.equal(ring.chooseHost(first, 2), ring.hosts[2], 'attempt n walks n points on');
  for (const [, n] of share((k) => ring.chooseHost(k, 0))) assert.ok(n > 700 && n < 1300, String(n));
});

test('ring: weights scale the number of points', () => {
  const hs = hosts(2, { weights: [1, 3] });
  const ring = new Ring(normalizeWeights(set(hs)[0], false, false), 1024);
  // The lightest host gets ceil(0.25 × 1024) = 256 points; the ring scales to 1024 in all.
  assert.deepEqual([ring.minHashesPerHost, ring.maxHashesPerHost, ring.size], [256, 768, 1024]);
  const s = share((k) => ring.chooseHost(k, 0));
  assert.ok(s.get('10.0.0.2:8080')! / s.get('10.0.0.1:8080')! > 2.4, JSON.stringify([...s]));
});

test('maglev: a prime table, balanced entries, weights honoured', () => {
  assert.ok(isPrime(65537) && !isPrime(65536) && isPrime(2) && !isPrime(1));
  const t = new MaglevTable(normalizeWeights(set(hosts(3))[0], false, false));
  assert.ok(t.maxEntriesPerHost - t.minEntriesPerHost <= 1, `${t.minEntriesPerHost}..${t.maxEntriesPerHost}`);
  const w = new MaglevTable(normalizeWeights(set(hosts(2, { weights: [1, 2] }))[0], false, false), 65537);
  assert.ok(Math.abs(w.maxEntriesPerHost / w.minEntriesPerHost - 2) < 0.01, `${w.minEntriesPerHost}:${w.maxEntriesPerHost}`);
  assert.equal(new MaglevTable<TestHost>({ entries: [], min: 1, max: 0 }).chooseHost(1n, 0), undefined);
  assert.equal(new Ring<TestHost>({ entries: [], min: 1, max: 0 }).chooseHost(1n, 0), undefined);
});

// Surviving hosts' keys that move when one of five hosts leaves: the ring rescales its points per
// host (205 → 256), so some arcs change hands; maglev's permutations are stable.
for (const [name, make, maxMoved] of [
  ['ring', (hs: TestHost[]) => new HashingLoadBalancer(set(hs), (w) => new Ring(w, 1024), opts), 0.15],
  ['maglev', (hs: TestHost[]) => new HashingLoadBalancer(set(hs), (w) => new MaglevTable(w, 65537), opts), 0.05],
] as const) {
  test(`${name}: the same key always maps to the same host; removing a host moves only its keys`, () => {
    const hs = hosts(5);
    const lb = make(hs);
    const before = keys.map((k) => lb.chooseHost({ hashKey: k }));
    assert.deepEqual(keys.map((k) => lb.chooseHost({ hashKey: k })), before);
    const gone = hs[2];
    const after = make(hs.filter((h) => h !== gone));
    let moved = 0;
    keys.forEach((k, i) => {
      const now = after.chooseHost({ hashKey: k });
      if (before[i] !== gone && now !== before[i]) moved++;
      assert.notEqual(now, gone);
    });
    assert.ok(moved / keys.length < maxMoved, `${name}: ${moved} keys of surviving hosts moved`);
  });

  test(`${name}: a retry avoiding the previous host lands elsewhere`, () => {
    const hs = hosts(3);
    const lb = make(hs);
    for (const k of keys.slice(0, 50)) {
      const first = lb.chooseHost({ hashKey: k })!;
      const retry = lb.chooseHost({ hashKey: k, hostSelectionRetryCount: 5, shouldSelectAnotherHost: (h) => h === first });
      assert.notEqual(retry, first);
    }
  });

  test(`${name}: unhealthy hosts leave the table unless the priority panics`, () => {
    const hs = hosts(4);
    hs[0].healthy = false;
    const lb = make(hs);
    assert.ok(keys.every((k) => lb.chooseHost({ hashKey: k }) !== hs[0]));
    hs[1].healthy = false;
    hs[2].healthy = false;
    const panicking = make(hs);
    assert.ok(keys.some((k) => panicking.chooseHost({ hashKey: k }) === hs[0]), 'in panic every host is in the table');
  });
}
