/**
 * Mirroring end to end (route requestMirrorPolicies): every request copied to the shadow cluster
 * with the authority suffixed `-shadow` and the body, the client's response untouched whatever the
 * mirror does (500, reset, hang, no endpoint), a 25% fraction sampled — and
 * docs/resilience/mirroring.md's example through the real translation.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { request, until } from '../helpers/http-client.ts';
import { closeAll, startBackends, type Backend } from './backends.ts';
import { cluster, clusterStat, eventually, gateway, logs, route, start } from './harness.ts';
import { bindPorts, docYaml, translate } from './translate.ts';

let primary: Backend;
let shadow: Backend;
before(async () => {
  [primary, shadow] = await startBackends(2, 2);
});
after(() => closeAll([primary, shadow]));
beforeEach(() => {
  primary.reset();
  shadow.reset();
});

const mirror = (clusterName: string, percent = 100) => ({ cluster: clusterName, runtimeFraction: { defaultValue: { numerator: percent, denominator: 'HUNDRED' as const } } });

test('copies go to the shadow cluster with a -shadow authority and the body; the response is the primary one', async () => {
  const p = await start(gateway([route('/', { cluster: 'primary', requestMirrorPolicies: [mirror('shadow')] })], [cluster('primary', [primary]), cluster('shadow', [shadow])]));
  try {
    const r = await request(p.port(), { host: 'reviews.example.com:8080', method: 'POST', path: '/orders?x=1', body: 'hello mirror' });
    assert.equal(JSON.parse(r.body).backend, 'a');
    await until(() => shadow.hits === 1);
    const copy = shadow.received[0];
    assert.deepEqual([copy.method, copy.path, copy.authority, copy.body], ['POST', '/orders?x=1', 'reviews.example.com-shadow:8080', 'hello mirror']);
    assert.equal(primary.received[0].authority, 'reviews.example.com:8080');
    await until(() => p.logs.length === 1);
    assert.equal(logs(p)[0].upstream_host, `127.0.0.2:${primary.port}`, 'the access log is about the primary request');
  } finally {
    await p.stop();
  }
});

test("the mirror's failures never reach the client", async () => {
  const clusters = [cluster('primary', [primary]), cluster('shadow', [shadow]), cluster('empty', [])];
  const p = await start(gateway([route('/empty', { cluster: 'primary', requestMirrorPolicies: [mirror('empty'), mirror('missing')] }), route('/', { cluster: 'primary', timeout: '1.5s', requestMirrorPolicies: [mirror('shadow')] })], clusters));
  try {
    for (const mode of ['status:500', 'reset', 'close', 'hang'] as const) {
      shadow.mode = mode;
      const t0 = Date.now();
      const r = await request(p.port());
      assert.equal(r.status, 200, mode);
      assert.ok(Date.now() - t0 < 1000, `${mode}: the client does not wait for the mirror`);
    }
    assert.equal((await request(p.port(), { path: '/empty' })).status, 200, 'a mirror without endpoints or cluster is skipped');
    await until(() => shadow.hits === 4);
    assert.equal(primary.hits, 5);
    await eventually(async () => (await clusterStat(p, 'shadow', 'upstream_rq_timeout')) === 1);
    assert.equal(await clusterStat(p, 'shadow', 'upstream_rq_5xx'), 1);
  } finally {
    await p.stop();
  }
});

test('several mirrors (Istio `mirrors`): each gets its own copy', async () => {
  const clusters = [cluster('primary', [primary]), cluster('shadow-1', [shadow]), cluster('shadow-2', [shadow])];
  const p = await start(gateway([route('/', { cluster: 'primary', requestMirrorPolicies: [mirror('shadow-1'), mirror('shadow-2')] })], clusters));
  try {
    for (let i = 0; i < 3; i++) assert.equal((await request(p.port())).status, 200);
    await until(() => shadow.hits === 6);
    assert.equal(await clusterStat(p, 'shadow-1', 'upstream_rq_2xx'), 3);
    assert.equal(await clusterStat(p, 'shadow-2', 'upstream_rq_2xx'), 3);
  } finally {
    await p.stop();
  }
});

test('a 25% mirror fraction copies about a quarter of the requests', async () => {
  const p = await start(gateway([route('/', { cluster: 'primary', requestMirrorPolicies: [mirror('shadow', 25)] })], [cluster('primary', [primary]), cluster('shadow', [shadow])]));
  try {
    for (let i = 0; i < 200; i++) await request(p.port());
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(primary.hits, 200);
    assert.ok(shadow.hits > 30 && shadow.hits < 70, `about 50 of 200: ${shadow.hits}`);
  } finally {
    await p.stop();
  }
});

test('docs/resilience/mirroring.md: the example translated and run', async () => {
  const p = await start(translate(bindPorts(docYaml('mirroring.md'), [primary, shadow])));
  const get = (path: string) => request(p.port('0.0.0.0_80'), { host: 'reviews.example.com', path });
  try {
    shadow.mode = 'status:500';
    for (let i = 0; i < 10; i++) assert.equal((await get('/')).status, 200);
    await until(() => shadow.hits === 10);
    assert.ok(shadow.received.every((r) => r.authority === 'reviews.example.com-shadow'));
    shadow.reset();
    for (let i = 0; i < 200; i++) await get('/sampled');
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(shadow.hits > 30 && shadow.hits < 70, `about a quarter: ${shadow.hits}`);
    assert.equal(primary.hits, 210);
  } finally {
    await p.stop();
  }
});
