/**
 * Outlier detection end to end: a backend answering 500 is ejected after consecutive5xx failures
 * (it receives exactly that many requests, then none) and returns after baseEjectionTime; the
 * ejection is visible in /stats, /stats/prometheus, /clusters and /config_dump; maxEjectionPercent
 * refuses ejections (counted as overflow); gateway failures and split local-origin failures; every
 * endpoint ejected with panic off gives 503 UH — and docs/resilience/outlier-detection.md's example
 * through the real translation.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import type { Cluster, OutlierDetection } from '../../src/envoy/types.ts';
import { request, until } from '../helpers/http-client.ts';
import { closeAll, startBackend, startBackends, type Backend } from './backends.ts';
import { cluster, clusterStat, eventually, gateway, logs, route, start, stats } from './harness.ts';
import { bindPorts, docYaml, translate } from './translate.ts';

let a: Backend;
let b: Backend;
let dead: Backend;
before(async () => {
  [a, b] = await startBackends(2, 2);
  dead = await startBackend('dead', '127.0.0.9');
  await dead.close();
});
after(() => closeAll([a, b]));
beforeEach(() => {
  a.reset();
  b.reset();
});

function withOutlier(o: OutlierDetection, backends = [a, b]): Cluster {
  return cluster('svc', backends, { outlierDetection: o, commonLbConfig: { healthyPanicThreshold: { value: 0 } } });
}

test('consecutive 5xx: ejected after 3 failures, back after baseEjectionTime; visible in the admin API', async () => {
  a.mode = 'status:500';
  const p = await start(gateway([route('/', { cluster: 'svc' })], [withOutlier({ consecutive5xx: 3, enforcingConsecutive5xx: 100, interval: '0.1s', baseEjectionTime: '0.6s', maxEjectionPercent: 50 })]));
  try {
    for (let i = 0; i < 20; i++) await request(p.port());
    assert.equal(a.hits, 3, 'exactly consecutive5xx requests reached the failing endpoint');
    assert.equal(b.hits, 17);
    const st = await stats(p);
    assert.equal(st.get('cluster.svc.outlier_detection.ejections_active'), 1);
    assert.equal(st.get('cluster.svc.outlier_detection.ejections_enforced_consecutive_5xx'), 1);
    assert.equal(st.get('cluster.svc.outlier_detection.ejections_detected_consecutive_5xx'), 1);
    assert.equal(st.get('cluster.svc.membership_healthy'), 1);
    const prom = await p.proxy.admin.prometheusText();
    assert.match(prom, /# TYPE envoy_cluster_outlier_detection_ejections_active gauge\nenvoy_cluster_outlier_detection_ejections_active\{cluster_name="svc"\} 1/);
    assert.match(await p.proxy.admin.clustersText(), new RegExp(`svc::127\\.0\\.0\\.2:${a.port}::health_flags::/failed_outlier_check`));
    const dump = JSON.stringify(p.proxy.admin.configDump(new URLSearchParams()));
    assert.match(dump, /"outlierDetection":\{"consecutive5xx":3/);
    a.mode = 'ok';
    await eventually(async () => (await clusterStat(p, 'svc', 'outlier_detection.ejections_active')) === 0);
    for (let i = 0; i < 10; i++) await request(p.port());
    assert.equal(a.hits, 3 + 5, 'back in rotation');
  } finally {
    await p.stop();
  }
});

test("maxEjectionPercent: Envoy's default 10% ejects nothing in a two-endpoint cluster (overflow)", async () => {
  a.mode = 'status:500';
  const p = await start(gateway([route('/', { cluster: 'svc' })], [withOutlier({ consecutive5xx: 2 })]));
  try {
    for (let i = 0; i < 12; i++) await request(p.port());
    assert.equal(a.hits, 6, 'still getting its share');
    assert.equal(await clusterStat(p, 'svc', 'outlier_detection.ejections_active'), 0);
    assert.ok((await clusterStat(p, 'svc', 'outlier_detection.ejections_overflow'))! >= 1);
  } finally {
    await p.stop();
  }
});

test('consecutive gateway failures: 502/503/504 eject when enforced; 500 resets the count', async () => {
  const p = await start(gateway([route('/', { cluster: 'svc' })], [withOutlier({ consecutive5xx: 0, consecutiveGatewayFailure: 2, enforcingConsecutiveGatewayFailure: 100, maxEjectionPercent: 50 })]));
  try {
    a.mode = 'status:500';
    for (let i = 0; i < 8; i++) await request(p.port());
    assert.equal(a.hits, 4, '500s are not gateway errors: no ejection');
    a.mode = 'status:502';
    for (let i = 0; i < 8; i++) await request(p.port());
    assert.equal(a.hits, 6, 'two 502s in a row, then no more traffic');
    assert.equal(await clusterStat(p, 'svc', 'outlier_detection.ejections_enforced_consecutive_gateway_failure'), 1);
  } finally {
    await p.stop();
  }
});

test('split local-origin errors: connect failures eject by consecutiveLocalOriginFailure', async () => {
  const o = { consecutive5xx: 100, splitExternalLocalOriginErrors: true, consecutiveLocalOriginFailure: 2, enforcingConsecutiveLocalOriginFailure: 100, maxEjectionPercent: 50 };
  const p = await start(gateway([route('/', { cluster: 'svc' })], [withOutlier(o, [dead, b])]));
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await request(p.port())).status);
    assert.equal(statuses.filter((s) => s === 503).length, 2, 'two connect failures, then the dead endpoint is out');
    assert.equal(b.hits, 8);
    assert.equal(await clusterStat(p, 'svc', 'outlier_detection.ejections_enforced_consecutive_local_origin_failure'), 1);
    await until(() => p.logs.length === 10);
    assert.equal(logs(p).filter((l) => l.response_flags === 'UF').length, 2);
  } finally {
    await p.stop();
  }
});

test('every endpoint ejected and panic off: 503 no healthy upstream (UH)', async () => {
  a.mode = 'status:500';
  b.mode = 'status:500';
  const p = await start(gateway([route('/', { cluster: 'svc' })], [withOutlier({ consecutive5xx: 1, maxEjectionPercent: 100, baseEjectionTime: '30s' })]));
  try {
    await request(p.port());
    await request(p.port());
    const r = await request(p.port());
    assert.deepEqual([r.status, r.body], [503, 'no healthy upstream']);
    assert.equal(a.hits + b.hits, 2);
    await until(() => p.logs.length === 3);
    assert.equal(logs(p)[2].response_flags, 'UH');
  } finally {
    await p.stop();
  }
});

test('docs/resilience/outlier-detection.md: the example translated and run', async () => {
  const p = await start(translate(bindPorts(docYaml('outlier-detection.md'), [a, b])));
  const name = 'outbound|9080||reviews.default.svc.cluster.local';
  try {
    a.mode = 'status:500';
    for (let i = 0; i < 16; i++) await request(p.port('0.0.0.0_80'), { host: 'reviews.example.com' });
    assert.equal(a.hits, 3);
    assert.equal(b.hits, 13);
    assert.equal(await clusterStat(p, name, 'outlier_detection.ejections_active'), 1);
    a.mode = 'ok';
    await eventually(async () => (await clusterStat(p, name, 'outlier_detection.ejections_active')) === 0, 4000);
  } finally {
    await p.stop();
  }
});
