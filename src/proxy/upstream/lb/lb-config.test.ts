/** LbConfig: Envoy's defaults and the values that reject a cluster. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileLbConfig } from './lb-config.ts';

test('defaults: round robin, P2C, 1024-point rings, 65537-entry maglev, 50% panic, factor 140', () => {
  assert.deepEqual(compileLbConfig({ name: 'c' }), {
    policy: 'ROUND_ROBIN',
    choiceCount: 2,
    activeRequestBias: 1,
    minRingSize: 1024,
    maxRingSize: 8388608,
    tableSize: 65537,
    panicThreshold: 50,
    localityWeighted: false,
    overprovisioningPercent: 140,
  });
});

test('what Istio generates is read as Envoy reads it', () => {
  const c = compileLbConfig(
    { name: 'c', lbPolicy: 'RING_HASH', ringHashLbConfig: { minimumRingSize: '2048' }, commonLbConfig: { healthyPanicThreshold: { value: 0 }, localityWeightedLbConfig: {} } },
    { clusterName: 'c', policy: { overprovisioningFactor: 100 } },
  );
  assert.deepEqual([c.policy, c.minRingSize, c.panicThreshold, c.localityWeighted, c.overprovisioningPercent], ['RING_HASH', 2048, 0, true, 100]);
  assert.equal(compileLbConfig({ name: 'c', lbPolicy: 'MAGLEV', maglevLbConfig: { tableSize: '5' } }).tableSize, 5);
  assert.equal(compileLbConfig({ name: 'c', lbPolicy: 'LEAST_REQUEST', leastRequestLbConfig: { choiceCount: 5 } }).choiceCount, 5);
  assert.equal(compileLbConfig({ name: 'c', lbPolicy: 'LEAST_REQUEST', leastRequestLbConfig: { activeRequestBias: { defaultValue: 0.5 } } }).activeRequestBias, 0.5);
});

test('bad values reject the cluster with Envoy-like messages', () => {
  assert.throws(() => compileLbConfig({ name: 'c', lbPolicy: 'MAGLEV', maglevLbConfig: { tableSize: 65536 } }), /prime/);
  assert.throws(() => compileLbConfig({ name: 'c', ringHashLbConfig: { minimumRingSize: 10, maximumRingSize: 5 } }), /minimum_ring_size \(10\) > maximum_ring_size \(5\)/);
  assert.throws(() => compileLbConfig({ name: 'c', leastRequestLbConfig: { choiceCount: 1 } }), /at least 2/);
  assert.throws(() => compileLbConfig({ name: 'c', leastRequestLbConfig: { activeRequestBias: { defaultValue: -1 } } }), /activeRequestBias/);
  assert.throws(() => compileLbConfig({ name: 'c', commonLbConfig: { healthyPanicThreshold: { value: 120 } } }), /\[0, 100\]/);
  assert.throws(() => compileLbConfig({ name: 'c', lbPolicy: 'LOAD_BALANCING_POLICY_CONFIG' }), /not supported/);
});
