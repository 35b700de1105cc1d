/**
 * Load balancing end to end over backends on 127.0.0.2–5: weighted round robin shares, least
 * request avoiding a slow endpoint, random, original destination (PASSTHROUGH) and the panic
 * threshold. Consistent hashing is in consistent-hash.test.ts.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, beforeEach, test } from 'node:test';
import type { Cluster } from '../../src/envoy/types.ts';
import { request, until, type Reply } from '../helpers/http-client.ts';
import { closeAll, hitsByName, startBackends, type Backend } from './backends.ts';
import { backendOf, cluster, locality, withCluster } from './harness.ts';

let bs: Backend[];
let agent: http.Agent;
before(async () => {
  bs = await startBackends(4, 2);
});
after(() => closeAll(bs));
beforeEach(() => {
  bs.forEach((b) => b.reset());
  agent?.destroy();
  agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
});

/** A keep-alive request (the hop under test is proxy → backend). */
const get = (port: number, opts: Parameters<typeof request>[1] = {}): Promise<Reply> => request(port, { agent, ...opts });


test('ROUND_ROBIN with endpoint weights 1:3:1 gives exact shares', async () => {
  const c = cluster('rr', [locality(bs.slice(0, 3), { endpoints: [{ weight: 1 }, { weight: 3 }, { weight: 1 }] })]);
  await withCluster(c, undefined, async (port) => {
    for (let i = 0; i < 100; i++) assert.equal((await get(port)).status, 200);
  });
  const h = hitsByName(bs);
  for (const [name, want] of [['a', 20], ['b', 60], ['c', 20]] as const) assert.ok(Math.abs(h[name] - want) <= 2, `${name}: ${h[name]} vs ${want}`);
  assert.equal(h.d, 0);
});

test('LEAST_REQUEST (power of two choices) avoids an endpoint busy with requests', async () => {
  const [a, b] = bs;
  a.mode = 'hang';
  await withCluster(cluster('lr', [a, b], { lbPolicy: 'LEAST_REQUEST' }), undefined, async (port) => {
    // Requests that hang on a keep it busy (they finish when the proxy stops).
    const stuck = Array.from({ length: 8 }, () => request(port).catch(() => undefined));
    await until(() => a.hits >= 1 && a.hits + b.hits === 8);
    const busy = a.hits;
    a.mode = 'ok';
    for (let i = 0; i < 40; i++) assert.equal((await get(port)).status, 200);
    const toA = a.hits - busy;
    // a is picked only when both random samples are a (a quarter of the time), never over an idle b.
    assert.ok(toA < 18, `busy a got ${toA} of 40`);
    void stuck;
  });
});

test('RANDOM spreads uniformly', async () => {
  await withCluster(cluster('rnd', bs.slice(0, 2), { lbPolicy: 'RANDOM' }), undefined, async (port) => {
    for (let i = 0; i < 200; i++) await get(port);
  });
  assert.ok(Math.abs(bs[0].hits - 100) < 30, `a ${bs[0].hits}`);
});

test('PASSTHROUGH: an ORIGINAL_DST cluster forwards to the requested destination', async () => {
  const c: Cluster = { name: 'passthrough', type: 'ORIGINAL_DST', lbPolicy: 'CLUSTER_PROVIDED', connectTimeout: '1s', originalDstLbConfig: { useHttpHeader: true } } as Cluster;
  await withCluster(c, undefined, async (port) => {
    for (const b of bs) assert.equal(backendOf(await request(port, { headers: { 'x-envoy-original-dst-host': `${b.address}:${b.port}` } })), b.name);
    assert.equal((await request(port)).status, 503, 'no destination: no healthy upstream');
  });
});

test('panic threshold: below 50% healthy every endpoint is used; with 0 only the healthy ones', async () => {
  const endpoints = [{}, { health: 'UNHEALTHY' as const }, { health: 'UNHEALTHY' as const }, { health: 'UNHEALTHY' as const }];
  await withCluster(cluster('panic', [locality(bs, { endpoints })]), undefined, async (port) => {
    for (let i = 0; i < 40; i++) await get(port);
  });
  assert.deepEqual(Object.values(hitsByName(bs)), [10, 10, 10, 10], 'in panic: round robin over all four');
  bs.forEach((b) => b.reset());
  await withCluster(cluster('strict', [locality(bs, { endpoints })], { commonLbConfig: { healthyPanicThreshold: { value: 0 } } }), undefined, async (port) => {
    for (let i = 0; i < 12; i++) await get(port);
  });
  assert.deepEqual(Object.values(hitsByName(bs)), [12, 0, 0, 0]);
});
