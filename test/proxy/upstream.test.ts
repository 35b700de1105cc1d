/**
 * Upstream behaviour end to end: round robin, keep-alive reuse, the local replies for no healthy
 * host (UH), connect failure (UF), reset (UR) and termination (UC), the route timeout (UT),
 * retries (connect-failure, retriable status codes, previous hosts), STRICT_DNS resolution, and
 * live endpoint updates.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { after, before, test } from 'node:test';
import type { RouteConfiguration } from '../../src/envoy/types.ts';
import { TYPE_URL } from '../../src/envoy/type-urls.ts';
import { startHttpbin, type HttpbinServer } from '../../src/samples/httpbin/index.ts';
import { request, startProxy, until } from '../helpers/http-client.ts';
import { accessLog, cla, edsCluster, httpBundle } from './fixtures.ts';

let hbs: HttpbinServer[] = [];
let flaky: http.Server;
let flakyPort = 0;
let connections = 0;
let deadPort = 0;

function listenOn(s: net.Server): Promise<number> {
  return new Promise((r) => s.listen(0, '127.0.0.1', () => r((s.address() as net.AddressInfo).port)));
}

before(async () => {
  hbs = await Promise.all(['a', 'b', 'c'].map((version) => startHttpbin({ version })));
  flaky = http.createServer((req, res) => {
    if (req.url === '/reset') (req.socket as net.Socket & { resetAndDestroy(): void }).resetAndDestroy();
    else if (req.url === '/close') req.socket.end();
    else if (req.url === '/503') {
      res.writeHead(503, { 'content-length': 0 });
      res.end();
    } else res.end('flaky-ok');
  });
  flaky.on('connection', () => connections++);
  flaky.keepAliveTimeout = 60_000;
  flakyPort = await listenOn(flaky);
  const tmp = net.createServer();
  deadPort = await listenOn(tmp);
  await new Promise((r) => tmp.close(r));
});
after(async () => {
  for (const h of hbs) await h.close();
  flaky.closeAllConnections();
  await new Promise((r) => flaky.close(r));
});

function rc(routes: RouteConfiguration['virtualHosts']): RouteConfiguration[] {
  return [{ name: 'http.80', virtualHosts: routes }];
}

const statics = (name: string, ports: number[], extra = {}) => ({ ...edsCluster(name), type: 'STATIC' as const, edsClusterConfig: undefined, loadAssignment: cla(name, ports), ...extra });

test('round robin spreads requests evenly; keep-alive connections are reused', async () => {
  const p = await startProxy(httpBundle(rc([{ name: 'v', domains: ['*'], routes: [{ match: { prefix: '/flaky' }, route: { cluster: 'flaky', prefixRewrite: '/' } }, { match: { prefix: '/' }, route: { cluster: 'abc' } }] }]), [statics('abc', hbs.map((h) => h.port)), statics('flaky', [flakyPort])]));
  try {
    const counts: Record<string, number> = {};
    for (let i = 0; i < 30; i++) {
      const v = String((await request(p.port(), { path: '/ip' })).headers['x-sextant-version']);
      counts[v] = (counts[v] ?? 0) + 1;
    }
    assert.deepEqual(counts, { a: 10, b: 10, c: 10 });
    const before = connections;
    for (let i = 0; i < 10; i++) assert.equal((await request(p.port(), { path: '/flaky' })).body, 'flaky-ok');
    assert.equal(connections - before, 1, 'one upstream connection serves sequential requests');
  } finally {
    await p.stop();
  }
});

test('local replies: UH, UF, UR, UC and the route timeout UT', async () => {
  const p = await startProxy(
    httpBundle(
      rc([
        {
          name: 'v',
          domains: ['*'],
          routes: [
            { match: { prefix: '/empty' }, route: { cluster: 'empty' } },
            { match: { prefix: '/dead' }, route: { cluster: 'dead' } },
            { match: { prefix: '/reset' }, route: { cluster: 'flaky' } },
            { match: { prefix: '/close' }, route: { cluster: 'flaky' } },
            { match: { prefix: '/delay' }, route: { cluster: 'abc', timeout: '0.2s' } },
          ],
        },
      ]),
      [edsCluster('empty'), statics('dead', [deadPort]), statics('flaky', [flakyPort]), statics('abc', [hbs[0].port])],
      { accessLog: [accessLog('json')] },
    ),
  );
  try {
    const uh = await request(p.port(), { path: '/empty' });
    assert.deepEqual([uh.status, uh.body], [503, 'no healthy upstream']);
    const uf = await request(p.port(), { path: '/dead' });
    assert.equal(uf.status, 503);
    assert.match(uf.body, /^upstream connect error or disconnect\/reset before headers\. reset reason: connection failure/);
    const ur = await request(p.port(), { path: '/reset' });
    assert.equal(ur.status, 503);
    assert.match(ur.body, /reset reason: remote reset/);
    const uc = await request(p.port(), { path: '/close' });
    assert.equal(uc.status, 503);
    assert.match(uc.body, /reset reason: connection termination/);
    const ut = await request(p.port(), { path: '/delay/2' });
    assert.deepEqual([ut.status, ut.body], [504, 'upstream request timeout']);
    await until(() => p.logs.length === 5);
    const flags = p.logs.map((l) => JSON.parse(l).response_flags);
    assert.deepEqual(flags, ['UH', 'UF', 'UR', 'UC', 'UT']);
    const ufLine = JSON.parse(p.logs[1]);
    assert.match(ufLine.upstream_transport_failure_reason, /Connection_refused/);
    assert.match(ufLine.response_code_details, /^upstream_reset_before_response_started\{connection_failure/);
  } finally {
    await p.stop();
  }
});

test('retries: connect failures and retriable status codes move on to other hosts', async () => {
  const retry = (on: string) => ({ retryOn: on, numRetries: 3, retriableStatusCodes: [503], retryHostPredicate: [{ name: 'envoy.retry_host_predicates.previous_hosts' }] });
  const p = await startProxy(
    httpBundle(
      rc([
        {
          name: 'v',
          domains: ['*'],
          routes: [
            { match: { prefix: '/cf' }, route: { cluster: 'half-dead', prefixRewrite: '/ip', retryPolicy: retry('connect-failure') } },
            { match: { prefix: '/nocf' }, route: { cluster: 'half-dead', prefixRewrite: '/ip' } },
            { match: { prefix: '/503' }, route: { cluster: 'half-503', retryPolicy: retry('retriable-status-codes') } },
          ],
        },
      ]),
      [statics('half-dead', [deadPort, hbs[1].port]), { ...statics('half-503', [flakyPort, hbs[2].port]) }],
      { accessLog: [accessLog('json')] },
    ),
  );
  try {
    for (let i = 0; i < 6; i++) assert.equal((await request(p.port(), { path: '/cf' })).status, 200);
    const without = await Promise.all(Array.from({ length: 6 }, () => request(p.port(), { path: '/nocf' })));
    assert.ok(without.some((r) => r.status === 503), 'without a retry policy some requests hit the dead host');
    for (let i = 0; i < 6; i++) {
      const r = await request(p.port(), { path: '/503' });
      assert.equal(r.status, 404, 'the 503 host is retried; httpbin answers /503 with 404');
    }
    await until(() => p.logs.length === 18);
    const retried = p.logs.map((l) => JSON.parse(l)).filter((e) => e.path === '/cf');
    assert.ok(retried.every((e) => e.response_flags === '-' && e.upstream_host === `127.0.0.1:${hbs[1].port}`));
  } finally {
    await p.stop();
  }
});

test('STRICT_DNS clusters resolve names; EDS updates move traffic without dropping it', async () => {
  const dnsCluster = { name: 'dns', type: 'STRICT_DNS' as const, dnsLookupFamily: 'V4_ONLY' as const, connectTimeout: '1s', loadAssignment: { clusterName: 'dns', endpoints: [{ lbEndpoints: [{ endpoint: { address: { socketAddress: { address: 'localhost', portValue: hbs[0].port } } } }] }] } };
  const routes = rc([{ name: 'v', domains: ['*'], routes: [{ match: { prefix: '/dns' }, route: { cluster: 'dns', prefixRewrite: '/ip' } }, { match: { prefix: '/' }, route: { cluster: 'eds' } }] }]);
  const p = await startProxy(httpBundle(routes, [dnsCluster, edsCluster('eds')], {}, [cla('eds', [hbs[0].port])]));
  try {
    assert.equal((await request(p.port(), { path: '/dns' })).headers['x-sextant-version'], 'a');
    assert.equal((await request(p.port(), { path: '/ip' })).headers['x-sextant-version'], 'a');
    const r = await p.proxy.apply(httpBundle(routes, [dnsCluster, edsCluster('eds')], {}, [cla('eds', [hbs[1].port])]));
    assert.equal(r.accepted, true);
    assert.equal((await request(p.port(), { path: '/ip' })).headers['x-sextant-version'], 'b');
  } finally {
    await p.stop();
  }
});

test('HTTP/2 upstreams: requests multiplex on one session; a stream reset is 503 UR', async () => {
  let sessions = 0;
  const h2 = http2.createServer((req, res) => {
    if (req.url === '/rst') req.stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
    else res.end(`h2:${req.httpVersion}`);
  });
  h2.on('session', () => sessions++);
  const port = await listenOn(h2);
  const opts = { 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': { '@type': TYPE_URL.httpProtocolOptions, explicitHttpConfig: { http2ProtocolOptions: {} } } };
  const p = await startProxy(httpBundle(rc([{ name: 'v', domains: ['*'], routes: [{ match: { prefix: '/' }, route: { cluster: 'h2' } }] }]), [statics('h2', [port], { typedExtensionProtocolOptions: opts })], { accessLog: [accessLog('json')] }));
  try {
    const all = await Promise.all(Array.from({ length: 10 }, () => request(p.port(), { path: '/ok' })));
    assert.ok(all.every((r) => r.body === 'h2:2.0'));
    assert.equal(sessions, 1);
    const rst = await request(p.port(), { path: '/rst' });
    assert.equal(rst.status, 503);
    assert.match(rst.body, /reset reason: remote reset/);
    await until(() => p.logs.length === 11);
    assert.equal(JSON.parse(p.logs[10]).response_flags, 'UR');
  } finally {
    await p.stop();
    h2.close();
  }
});
