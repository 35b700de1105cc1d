/** Round robin, weighted round robin, least request (power of two choices) and random pickers. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scriptedRandom, seededRandom } from '../../common/random.ts';
import { leastRequestPicker, randomPicker, roundRobinPicker } from './pickers.ts';
import { hosts, tally } from './test-hosts.ts';

test('round robin visits every host in turn from a random start', () => {
  const hs = hosts(3);
  const p = roundRobinPicker(hs, scriptedRandom([0.5]));
  assert.deepEqual([p.pick(), p.pick(), p.pick(), p.pick()].map((h) => h?.addressText), ['10.0.0.2:8080', '10.0.0.3:8080', '10.0.0.1:8080', '10.0.0.2:8080']);
  assert.equal(roundRobinPicker([], seededRandom(1)).pick(), undefined);
});

test('weighted round robin gives each host exactly its share', () => {
  const hs = hosts(3, { weights: [1, 2, 5] });
  const p = roundRobinPicker(hs, seededRandom(7));
  const t = tally(800, () => p.pick());
  assert.deepEqual([t.get('10.0.0.1:8080'), t.get('10.0.0.2:8080'), t.get('10.0.0.3:8080')], [100, 200, 500]);
});

test('least request keeps the less busy of two random samples', () => {
  const hs = hosts(3);
  hs[0].rqActive = 5;
  hs[1].rqActive = 1;
  hs[2].rqActive = 3;
  // Samples 0 then 1: host 1 wins; samples 2 then 0: host 2 wins; equal counts keep the first sample.
  const p = leastRequestPicker(2)(hs, scriptedRandom([0.1, 0.5, 0.9, 0.1]));
  assert.equal(p.pick(), hs[1]);
  assert.equal(p.pick(), hs[2]);
  hs.forEach((h) => (h.rqActive = 0));
  const q = leastRequestPicker(2)(hs, scriptedRandom([0.9, 0.1]));
  assert.equal(q.pick(), hs[2]);
});

test('least request with choiceCount 3 samples three hosts', () => {
  const hs = hosts(3);
  hs[0].rqActive = 2;
  hs[1].rqActive = 2;
  hs[2].rqActive = 0;
  assert.equal(leastRequestPicker(3)(hs, scriptedRandom([0.1, 0.5, 0.9])).pick(), hs[2]);
  assert.equal(leastRequestPicker(2)(hs, scriptedRandom([0.1, 0.5, 0.9])).pick(), hs[0]);
});

test('weighted least request divides weight by active requests + 1', () => {
  const hs = hosts(2, { weights: [2, 1] });
  hs[0].rqActive = 3; // effective weight 2/4 = 0.5 < 1
  const p = leastRequestPicker(2)(hs, seededRandom(1));
  const t = tally(300, () => p.pick());
  assert.equal(t.get('10.0.0.2:8080'), 200);
  assert.equal(t.get('10.0.0.1:8080'), 100);
});

test('random ignores weights and spreads uniformly', () => {
  const hs = hosts(4, { weights: [1, 1, 1, 10] });
  const p = randomPicker(hs, seededRandom(42));
  const t = tally(8000, () => p.pick());
  for (const h of hs) assert.ok(Math.abs(t.get(h.addressText)! - 2000) < 200, `${h.addressText}: ${t.get(h.addressText)}`);
});
