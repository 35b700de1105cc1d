/**
 * Path normalization end to end: with Istio's default (`normalizePath: true`, escaped slashes kept)
 * dot segments are resolved before routing and the backend sees the normalized path; merge_slashes,
 * rejected escaped slashes (400) and unescape-and-redirect (307) as configured; an escaped NUL is 400.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type net from 'node:net';
import { after, before, test } from 'node:test';
import type { HttpConnectionManager } from '../../src/envoy/types.ts';
import { rawExchange, request, startProxy, until, type TestProxy } from '../helpers/http-client.ts';
import { accessLog, httpBundle, staticCluster } from './fixtures.ts';

let upstream: http.Server;
let port = 0;
const started: TestProxy[] = [];
/** The public route only: a request must not reach `/admin` by climbing out of `/public`. */
const routes = [
  {
    name: 'http.80',
    virtualHosts: [
      {
        name: 'all',
        domains: ['*'],
        routes: [
          { match: { prefix: '/public/' }, route: { cluster: 'up', timeout: '0s' } },
          { match: { prefix: '/' }, directResponse: { status: 403, body: { inlineString: 'forbidden' } } },
        ],
      },
    ],
  },
];

before(async () => {
  upstream = http.createServer((req, res) => res.end(req.url));
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
  port = (upstream.address() as net.AddressInfo).port;
});

after(async () => {
  for (const p of started) await p.stop();
  upstream.closeAllConnections();
  await new Promise<void>((r) => upstream.close(() => r()));
});

async function proxyWith(extra: Partial<HttpConnectionManager>): Promise<TestProxy> {
  const p = await startProxy(httpBundle(routes, [staticCluster('up', [port])], { accessLog: [accessLog('text')], ...extra }));
  started.push(p);
  return p;
}

test("Istio's default: dot segments resolved before routing, the backend sees the normalized path", async () => {
  const p = await proxyWith({ normalizePath: true, pathWithEscapedSlashesAction: 'KEEP_UNCHANGED' });
  const a = await rawExchange(p.port(), 'GET /public/../admin HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
  assert.match(a, /^HTTP\/1\.1 403 /, 'the normalized /admin is not under /public/');
  const b = await rawExchange(p.port(), 'GET /public/x/%2e%2e/y/./z?q=/../ HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
  assert.match(b, /^HTTP\/1\.1 200 /);
  assert.ok(b.endsWith('/public/y/z?q=/../'), b);
  const kept = await request(p.port(), { host: 'a', path: '/public/a%2Fb' });
  assert.equal(kept.body, '/public/a%2Fb');
});

test('an escaped NUL is rejected with 400 path_normalization_failed', async () => {
  const p = await proxyWith({ normalizePath: true });
  const before = p.logs.length;
  const r = await request(p.port(), { host: 'a', path: '/public/%00' });
  assert.equal(r.status, 400);
  await until(() => p.logs.length > before);
  assert.match(p.logs[before], / 400 - path_normalization_failed /);
});

test('merge_slashes, rejected and redirected escaped slashes', async () => {
  const merge = await proxyWith({ normalizePath: true, mergeSlashes: true });
  assert.equal((await request(merge.port(), { host: 'a', path: '//public///x' })).body, '/public/x');
  const reject = await proxyWith({ pathWithEscapedSlashesAction: 'REJECT_REQUEST' });
  assert.equal((await request(reject.port(), { host: 'a', path: '/public/a%2fb' })).status, 400);
  const redirect = await proxyWith({ pathWithEscapedSlashesAction: 'UNESCAPE_AND_REDIRECT' });
  const r = await request(redirect.port(), { host: 'a', path: '/public/a%2Fb?x' });
  assert.equal(r.status, 307);
  assert.equal(r.headers.location, '/public/a/b?x');
});

test('without normalization the path goes upstream as sent', async () => {
  const p = await proxyWith({});
  assert.equal((await request(p.port(), { host: 'a', path: '/public/./x' })).body, '/public/./x');
});
