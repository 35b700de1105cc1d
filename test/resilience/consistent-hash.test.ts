/**
 * Consistent hashing end to end over backends on 127.0.0.2–5: by header, cookie (generated with its
 * TTL), source IP and query parameter, on ring hash and maglev — and
 * docs/resilience/load-balancing.md's example (weights, hashing, least request) through the real
 * translation.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, beforeEach, test } from 'node:test';
import { request, type Reply } from '../helpers/http-client.ts';
import { closeAll, startBackends, type Backend } from './backends.ts';
import { backendOf, cluster, start, withCluster } from './harness.ts';
import { bindPorts, docYaml, translate } from './translate.ts';

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


function fromSource(port: number, localAddress: string, path = '/'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, localAddress, agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

for (const lbPolicy of ['RING_HASH', 'MAGLEV'] as const) {
  test(`${lbPolicy}: a header keeps each user on one endpoint; users spread over all`, async () => {
    const seen = new Map<string, Set<string>>();
    await withCluster(cluster('h', bs, { lbPolicy }), [{ header: { headerName: 'x-user' } }], async (port) => {
      for (let round = 0; round < 2; round++) {
        for (let u = 0; u < 24; u++) {
          const b = backendOf(await get(port, { headers: { 'x-user': `user-${u}` } }));
          (seen.get(`user-${u}`) ?? seen.set(`user-${u}`, new Set()).get(`user-${u}`)!).add(b);
        }
      }
    });
    assert.ok([...seen.values()].every((s) => s.size === 1), 'sticky per user');
    const used = new Set([...seen.values()].map((s) => [...s][0]));
    assert.ok(used.size >= 3, `users spread over the endpoints (${used.size})`);
  });
}

test('cookie hash policy with a TTL: the proxy sets the cookie, the client sticks to one endpoint', async () => {
  await withCluster(cluster('ck', bs, { lbPolicy: 'RING_HASH' }), [{ cookie: { name: 'session', ttl: '3600s', path: '/' } }], async (port) => {
    for (let client = 0; client < 6; client++) {
      const first = await get(port);
      const setCookie = first.headers['set-cookie']?.[0] ?? '';
      const m = /^session="([0-9a-f]{16})"; Max-Age=3600; Path=\/; HttpOnly$/.exec(setCookie);
      assert.ok(m, `set-cookie: ${setCookie}`);
      const cookie = `session="${m[1]}"`;
      const backends = new Set<string>();
      for (let i = 0; i < 5; i++) {
        const r = await get(port, { headers: { cookie } });
        assert.equal(r.headers['set-cookie'], undefined, 'no new cookie once the client has one');
        backends.add(backendOf(r));
      }
      assert.equal(backends.size, 1);
    }
  });
});

test('source IP and query parameter hash policies', async () => {
  await withCluster(cluster('ip', bs, { lbPolicy: 'RING_HASH' }), [{ connectionProperties: { sourceIp: true } }], async (port) => {
    const perSource = new Map<string, Set<string>>();
    for (let round = 0; round < 2; round++) {
      for (let i = 10; i < 26; i++) {
        const src = `127.0.0.${i}`;
        (perSource.get(src) ?? perSource.set(src, new Set()).get(src)!).add(backendOf(await fromSource(port, src)));
      }
    }
    assert.ok([...perSource.values()].every((s) => s.size === 1));
    assert.ok(new Set([...perSource.values()].map((s) => [...s][0])).size >= 2);
  });
  await withCluster(cluster('q', bs, { lbPolicy: 'MAGLEV' }), [{ queryParameter: { name: 'id' } }], async (port) => {
    for (let id = 0; id < 10; id++) {
      const got = new Set<string>();
      for (let i = 0; i < 3; i++) got.add(backendOf(await get(port, { path: `/items?id=${id}&n=${i}` })));
      assert.equal(got.size, 1);
    }
  });
});

test('docs/resilience/load-balancing.md: the example translated and run', async () => {
  const p = await start(translate(bindPorts(docYaml('load-balancing.md'), bs)));
  const at = (path: string, headers: Record<string, string> = {}) => get(p.port('0.0.0.0_80'), { host: 'reviews.example.com', path, headers });
  try {
    for (let i = 0; i < 50; i++) await at('/');
    assert.deepEqual([bs[0].hits, bs[1].hits, bs[2].hits], [10, 30, 10], 'weights 1:3:1');
    for (let u = 0; u < 10; u++) {
      const got = await Promise.all([0, 1, 2].map(async () => backendOf(await at('/by-user', { 'x-user': `u${u}` }))));
      assert.equal(new Set(got).size, 1);
    }
    const first = await at('/sticky');
    const cookie = /^(session="[0-9a-f]{16}")/.exec(first.headers['set-cookie']?.[0] ?? '')?.[1];
    assert.ok(cookie);
    const sticky = new Set<string>();
    for (let i = 0; i < 5; i++) sticky.add(backendOf(await at('/sticky', { cookie })));
    assert.equal(sticky.size, 1);
    assert.equal((await at('/least')).status, 200);
  } finally {
    await p.stop();
  }
});
