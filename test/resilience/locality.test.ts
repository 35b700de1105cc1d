/**
 * Locality load balancing end to end: priority levels (all traffic to the best priority, spilling
 * over by health × 1.4, failing over when it has none), locality-weighted balancing — and
 * docs/resilience/locality.md's example through the real translation: `distribute` 70/30 and
 * `failover` driven by outlier ejections, zone → region → the failover region.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, beforeEach, test } from 'node:test';
import { request } from '../helpers/http-client.ts';
import { closeAll, hitsByName, startBackends, type Backend } from './backends.ts';
import { cluster, gateway, locality, route, start } from './harness.ts';
import { bindPorts, docYaml, translate } from './translate.ts';

let bs: Backend[];
let agent: http.Agent;
before(async () => {
  bs = await startBackends(3, 2);
});
after(() => closeAll(bs));
beforeEach(() => {
  bs.forEach((b) => b.reset());
  agent?.destroy();
  agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
});

async function spread(groups: ReturnType<typeof locality>[], n: number, extra = {}): Promise<Record<string, number>> {
  const p = await start(gateway([route('/', { cluster: 'svc' })], [cluster('svc', groups, { commonLbConfig: { healthyPanicThreshold: { value: 0 } }, ...extra })]));
  try {
    for (let i = 0; i < n; i++) assert.equal((await request(p.port(), { agent })).status, 200);
    return hitsByName(bs);
  } finally {
    await p.stop();
  }
}

test('priorities: P0 takes everything while healthy, 70/30 with half its endpoints down, nothing when all are', async () => {
  const [a, b, c] = bs;
  assert.deepEqual(await spread([locality([a, b], { priority: 0 }), locality([c], { priority: 1 })], 40), { a: 20, b: 20, c: 0 });
  bs.forEach((x) => x.reset());
  const half = await spread([locality([a, b], { priority: 0, endpoints: [{}, { health: 'UNHEALTHY' }] }), locality([c], { priority: 1 })], 300);
  assert.equal(half.b, 0);
  assert.ok(Math.abs(half.a - 210) < 35, `P0 ≈ 70%: ${half.a}`);
  bs.forEach((x) => x.reset());
  assert.deepEqual(await spread([locality([a, b], { priority: 0, endpoints: [{ health: 'UNHEALTHY' }, { health: 'DRAINING' }] }), locality([c], { priority: 1 })], 10), { a: 0, b: 0, c: 10 });
});

test('locality-weighted balancing: weights 1:3 across two localities', async () => {
  const [a, b, c] = bs;
  const h = await spread([locality([a, b], { zone: 'z1', weight: 1 }), locality([c], { zone: 'z2', weight: 3 })], 80, { commonLbConfig: { healthyPanicThreshold: { value: 0 }, localityWeightedLbConfig: {} } });
  assert.equal(h.a + h.b, 20);
  assert.equal(h.c, 60);
});

test('docs/resilience/locality.md: distribute 70/30, and failover zone → region → failover region', async () => {
  const p = await start(translate(bindPorts(docYaml('locality.md'), bs)));
  const get = (host: string) => request(p.port('0.0.0.0_80'), { host, agent });
  try {
    for (let i = 0; i < 100; i++) await get('reviews.example.com');
    assert.deepEqual(hitsByName(bs), { a: 70, b: 0, c: 30 }, 'us-east/zone-a 70, us-west/zone-a 30, us-east/zone-b none');
    bs.forEach((x) => x.reset());
    for (let i = 0; i < 5; i++) await get('ratings.example.com');
    assert.deepEqual(hitsByName(bs), { a: 5, b: 0, c: 0 }, 'the gateway’s own zone first');
    bs[0].mode = 'status:500';
    const first = await get('ratings.example.com');
    assert.equal(first.status, 500);
    for (let i = 0; i < 5; i++) assert.equal((await get('ratings.example.com')).status, 200);
    assert.deepEqual(hitsByName(bs), { a: 6, b: 5, c: 0 }, 'zone-a ejected: the same region takes over');
    bs[1].mode = 'status:500';
    await get('ratings.example.com');
    for (let i = 0; i < 5; i++) assert.equal((await get('ratings.example.com')).status, 200);
    assert.deepEqual(hitsByName(bs), { a: 6, b: 6, c: 5 }, 'then the failover region us-west');
  } finally {
    await p.stop();
  }
});
