/** ClusterBalancer: an ejection takes a host out of rotation; the sweep brings it back. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../common/random.ts';
import { ManualTimeSource } from '../common/time-source.ts';
import { ClusterBalancer } from './cluster-balancer.ts';
import { compileLbConfig } from './lb/lb-config.ts';
import { hosts, tally, type TestHost } from './lb/test-hosts.ts';
import { roundRobinPicker } from './lb/pickers.ts';
import { ZoneAwareLoadBalancer } from './lb/zone-aware-lb.ts';
import { compileOutlierConfig } from './outlier/outlier-config.ts';

function balancer(hs: TestHost[], time = new ManualTimeSource()) {
  const b = new ClusterBalancer<TestHost>({
    lb: compileLbConfig({ name: 'c', commonLbConfig: { healthyPanicThreshold: { value: 0 } } }),
    thresholds: [{ maxRetries: 7 }],
    outlier: compileOutlierConfig({ consecutive5xx: 2, baseEjectionTime: '5s', maxEjectionPercent: 100 }),
    placementOf: (host) => ({ host, priority: 0, locality: '', localityWeight: 0 }),
    edsHealthy: (h) => h.healthy,
    factory: (config, sets, random) => new ZoneAwareLoadBalancer(sets, roundRobinPicker, { ...config, random }),
    random: seededRandom(5),
    time,
  });
  b.setHosts(hs);
  return b;
}

test('ejected hosts leave the rotation until the sweep returns them', () => {
  const time = new ManualTimeSource();
  const hs = hosts(3);
  const b = balancer(hs, time);
  assert.equal(b.resources.retries.max, 7);
  assert.equal(tally(30, () => b.chooseHost(undefined)).size, 3);
  b.outlier!.putHttpResponseCode(hs[0], 503);
  b.outlier!.putHttpResponseCode(hs[0], 503);
  assert.equal(b.healthyCount, 2);
  assert.equal(tally(30, () => b.chooseHost(undefined)).get(hs[0].addressText), undefined);
  time.advance(5000);
  b.outlier!.sweep();
  assert.equal(b.healthyCount, 3);
  assert.ok(tally(30, () => b.chooseHost(undefined)).get(hs[0].addressText)! > 0);
});

test('with every host ejected and panic off there is no host (503 UH)', () => {
  const hs = hosts(2);
  const b = balancer(hs);
  for (const h of hs) for (let i = 0; i < 2; i++) b.outlier!.putHttpResponseCode(h, 500);
  assert.equal(b.chooseHost(undefined), undefined);
  b.setHosts(hosts(1, { base: 9 }));
  assert.equal(b.outlier!.stats.ejections_active, 0, 'removed hosts take their ejections along');
  assert.ok(b.chooseHost(undefined));
});
