/** The httpbin sample: its endpoints, Title-Case headers and the version it reports. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startHttpbin, type HttpbinServer } from './server.ts';

let hb: HttpbinServer;
before(async () => {
  hb = await startHttpbin({ version: 'v7' });
});
after(() => hb.close());

const url = (p: string) => `http://127.0.0.1:${hb.port}${p}`;
const json = async (r: Response | Promise<Response>): Promise<any> => (await r).json();

test('/headers shows Title-Case names and the version header is set', async () => {
  const r = await fetch(url('/headers'), { headers: { 'x-b3-traceid': 'abc' } });
  assert.equal(r.headers.get('x-sextant-version'), 'v7');
  const body = await json(r);
  assert.equal(body.headers['X-B3-Traceid'], 'abc');
  assert.equal(body.version, 'v7');
});

test('/ip, /get, /anything, /status, /delay, /bytes', async () => {
  assert.equal((await json(fetch(url('/ip')))).origin, '127.0.0.1');
  assert.equal((await json(fetch(url('/ip'), { headers: { 'x-forwarded-for': '1.2.3.4' } }))).origin, '1.2.3.4');
  assert.deepEqual((await json(fetch(url('/get?a=1&a=2&b=x')))).args, { a: ['1', '2'], b: 'x' });
  const any = await json(fetch(url('/anything/p?q=1'), { method: 'POST', body: '{"k":true}', headers: { 'content-type': 'application/json' } }));
  assert.deepEqual([any.method, any.json, any.url], ['POST', { k: true }, `http://127.0.0.1:${hb.port}/anything/p?q=1`]);
  assert.equal((await fetch(url('/status/418'))).status, 418);
  assert.ok([500, 503].includes((await fetch(url('/status/500,503'))).status));
  const t0 = Date.now();
  assert.equal((await fetch(url('/delay/0.2'))).status, 200);
  assert.ok(Date.now() - t0 >= 180);
  assert.equal((await (await fetch(url('/bytes/1024'))).arrayBuffer()).byteLength, 1024);
  assert.equal((await fetch(url('/nope'))).status, 404);
});
