/**
 * Configuration changes while serving: a stream of keep-alive requests sees zero failures across
 * many live re-applies (routes, clusters, endpoints, listener changes); a bundle that cannot be
 * applied (bad regex, port in use) is rejected whole and the previous one keeps serving; a removed
 * listener drains its in-flight request; listener ports honour portOffset.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, test } from 'node:test';
import type { ProxyResources } from '../../src/envoy/types.ts';
import { Proxy } from '../../src/proxy/index.ts';
import { startHttpbin, type HttpbinServer } from '../../src/samples/httpbin/index.ts';
import { request, startProxy } from '../helpers/http-client.ts';
import { bundle, cla, edsCluster, hcm, listener, staticCluster } from './fixtures.ts';

let v1: HttpbinServer;
let v2: HttpbinServer;
before(async () => {
  v1 = await startHttpbin({ version: 'v1' });
  v2 = await startHttpbin({ version: 'v2' });
});
after(async () => {
  await v1.close();
  await v2.close();
});

function generation(i: number): ProxyResources {
  const weights = i % 3 === 0 ? [100, 0] : i % 3 === 1 ? [0, 100] : [50, 50];
  return bundle({
    listeners: [listener('http', [{ filters: [hcm('http.80', i % 4 === 3 ? { serverName: `gen-${i}` } : {})] }])],
    routes: [
      {
        name: 'http.80',
        virtualHosts: [
          { name: `gen-${i}`, domains: ['*'], routes: [{ match: { prefix: '/' }, route: { weightedClusters: { clusters: [{ name: 'v1', weight: weights[0] }, { name: 'v2', weight: weights[1] }] } } }] },
          ...(i % 2 === 0 ? [{ name: 'extra', domains: [`extra-${i}.local`], routes: [{ match: { prefix: '/' }, directResponse: { status: 204 } }] }] : []),
        ],
      },
    ],
    clusters: [edsCluster('v1', { connectTimeout: `${1 + (i % 2)}s` }), staticCluster('v2', [v2.port])],
    endpoints: [cla('v1', i % 5 === 4 ? [v1.port, v2.port] : [v1.port])],
  });
}

test('live re-apply while requests flow: zero failed requests', async () => {
  const p = await startProxy(generation(0));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  let stop = false;
  let ok = 0;
  const failures: string[] = [];
  const client = async (): Promise<void> => {
    while (!stop) {
      try {
        const r = await request(p.port(), { path: '/ip', agent });
        if (r.status === 200) ok++;
        else failures.push(`status ${r.status}`);
      } catch (e) {
        failures.push((e as Error).message);
      }
    }
  };
  const clients = Array.from({ length: 8 }, client);
  try {
    const progress = async (): Promise<void> => {
      const target = ok + 4;
      for (let t = 0; t < 200 && ok < target; t++) await new Promise((r) => setTimeout(r, 10));
    };
    for (let i = 1; i <= 12; i++) {
      await progress();
      const res = await p.proxy.apply(generation(i));
      assert.equal(res.accepted, true, res.errors.join('\n'));
      assert.equal(res.version, i + 1);
    }
    await progress();
  } finally {
    stop = true;
    await Promise.all(clients);
    agent.destroy();
    await p.stop();
  }
  assert.deepEqual(failures, []);
  assert.ok(ok >= 48, `only ${ok} requests completed`);
});

test('a bundle that cannot be applied is rejected whole; the previous one keeps serving', async () => {
  const p = await startProxy(generation(0));
  const blocker = net.createServer();
  const taken = await new Promise<number>((r) => blocker.listen(0, '127.0.0.1', () => r((blocker.address() as net.AddressInfo).port)));
  try {
    const bad = generation(1);
    bad.routes[0].virtualHosts![0].routes!.unshift({ match: { safeRegex: { regex: '([a-z' } }, directResponse: { status: 500 } });
    bad.clusters.push({ name: 'v1', type: 'STATIC' });
    const r = await p.proxy.apply(bad);
    assert.equal(r.accepted, false);
    assert.equal(r.version, 1);
    assert.match(r.errors.join('\n'), /route "http\.80": virtual host "gen-1" route #0: invalid RE2 regex/);
    assert.match(r.errors.join('\n'), /duplicate cluster "v1"/);
    const portClash = generation(1);
    portClash.listeners.push({ ...listener('clash', [{ filters: [hcm('http.80')] }]), address: { socketAddress: { address: '127.0.0.1', portValue: taken } } });
    const r2 = await p.proxy.apply(portClash);
    assert.equal(r2.accepted, false);
    assert.match(r2.errors.join('\n'), /listener "clash": cannot bind 127\.0\.0\.1:\d+: .*EADDRINUSE/);
    const still = await request(p.port(), { path: '/ip' });
    assert.equal(still.headers['x-sextant-version'], 'v1', 'generation 0 still serves');
    assert.equal(p.proxy.listeners().length, 1);
  } finally {
    blocker.close();
    await p.stop();
  }
});

test('a removed listener drains its in-flight request, then stops accepting', async () => {
  const two = generation(0);
  two.listeners.push(listener('old', [{ filters: [hcm('http.80')] }]));
  const p = await startProxy(two);
  try {
    const oldPort = p.port('old');
    const inflight = request(oldPort, { path: '/delay/0.5' });
    await new Promise((r) => setTimeout(r, 150));
    const r = await p.proxy.apply(generation(0));
    assert.equal(r.accepted, true);
    assert.deepEqual(r.listeners.map((l) => l.name), ['http']);
    await assert.rejects(request(oldPort, { path: '/ip' }), /ECONNREFUSED/);
    const done = await inflight;
    assert.equal(done.status, 200);
    assert.equal(done.headers.connection, 'close');
  } finally {
    await p.stop();
  }
});

test('portOffset binds Envoy port P on P + offset', async () => {
  const free = await new Promise<number>((r) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => r(port));
    });
  });
  const proxy = new Proxy({ bindAddress: '127.0.0.1', portOffset: free - 80, adminPort: null, statsPort: null, readinessPort: null, log: () => {} });
  try {
    const b = generation(0);
    b.listeners[0].address = { socketAddress: { address: '0.0.0.0', portValue: 80 } };
    const r = await proxy.apply(b);
    assert.equal(r.accepted, true, r.errors.join());
    assert.deepEqual(r.listeners, [{ name: 'http', address: '127.0.0.1', port: free }]);
    assert.equal((await request(free, { path: '/ip' })).status, 200);
  } finally {
    await proxy.stop({ drainMs: 0 });
  }
});
