/**
 * Route features end to end through a real proxy and httpbin backends: weighted clusters, prefix
 * and regex rewrites (x-envoy-original-path), host rewrite, redirects, direct responses, header
 * mutations at route / virtual host / route configuration level, CORS, fault injection, method
 * matching, and the no-route / no-cluster local replies with their response flags.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { RouteConfiguration } from '../../src/envoy/types.ts';
import { TYPE_URL } from '../../src/envoy/type-urls.ts';
import { startHttpbin, type HttpbinServer } from '../../src/samples/httpbin/index.ts';
import { request, startProxy, until, type TestProxy } from '../helpers/http-client.ts';
import { accessLog, corsFilter, faultFilter, httpBundle, router, staticCluster } from './fixtures.ts';

let v1: HttpbinServer;
let v2: HttpbinServer;
let p: TestProxy;

const routes: RouteConfiguration = {
  name: 'http.80',
  requestHeadersToAdd: [{ header: { key: 'x-level', value: 'config' }, appendAction: 'OVERWRITE_IF_EXISTS_OR_ADD' }],
  responseHeadersToAdd: [{ header: { key: 'x-resp-config', value: 'c' } }],
  virtualHosts: [
    {
      name: 'features',
      domains: ['features.local'],
      requestHeadersToAdd: [{ header: { key: 'x-vhost', value: 'yes' } }, { header: { key: 'x-level', value: 'vhost' }, appendAction: 'OVERWRITE_IF_EXISTS_OR_ADD' }],
      requestHeadersToRemove: ['x-remove-me'],
      responseHeadersToRemove: ['x-sextant-version'],
      routes: [
        { name: 'post-only', match: { prefix: '/method', headers: [{ name: ':method', stringMatch: { exact: 'POST' } }] }, directResponse: { status: 201, body: { inlineString: 'created' } } },
        { name: 'method-other', match: { prefix: '/method' }, directResponse: { status: 405 } },
        { name: 'rewrite', match: { prefix: '/old/' }, route: { cluster: 'v1', prefixRewrite: '/anything/new/' } },
        { name: 'regex', match: { safeRegex: { regex: '/users/([0-9]+)/profile' } }, route: { cluster: 'v1', regexRewrite: { pattern: { regex: '^/users/([0-9]+)/profile$' }, substitution: '/anything/profiles/\\1' } } },
        { name: 'host', match: { prefix: '/anything/host' }, route: { cluster: 'v1', hostRewriteLiteral: 'rewritten.example' } },
        { name: 'https-redirect', match: { prefix: '/secure' }, redirect: { httpsRedirect: true } },
        { name: 'path-redirect', match: { prefix: '/moved' }, redirect: { pathRedirect: '/new-place', responseCode: 'PERMANENT_REDIRECT', hostRedirect: 'other.example' } },
        { name: 'prefix-redirect', match: { prefix: '/docs/' }, redirect: { prefixRewrite: '/manual/', responseCode: 'FOUND', stripQuery: true } },
        { name: 'direct', match: { path: '/direct' }, directResponse: { status: 418, body: { inlineString: 'teapot' } }, responseHeadersToAdd: [{ header: { key: 'x-direct', value: '1' } }] },
        { name: 'weighted', match: { prefix: '/weighted' }, route: { weightedClusters: { clusters: [{ name: 'v1', weight: 25 }, { name: 'v2', weight: 75 }] }, prefixRewrite: '/ip' } },
        { name: 'headers', match: { prefix: '/headers' }, route: { cluster: 'v1' }, requestHeadersToAdd: [{ header: { key: 'x-route', value: '%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%' } }, { header: { key: 'x-level', value: 'route' }, appendAction: 'OVERWRITE_IF_EXISTS_OR_ADD' }], responseHeadersToAdd: [{ header: { key: 'x-resp-route', value: 'r' } }] },
        { name: 'cors', match: { prefix: '/cors' }, route: { cluster: 'v1', prefixRewrite: '/get', cors: { allowOriginStringMatch: [{ exact: 'https://app.example' }, { suffix: '.trusted.example' }], allowMethods: 'GET,POST', allowHeaders: 'x-custom', exposeHeaders: 'x-sextant-version', maxAge: '600', allowCredentials: true } } },
        { name: 'fault', match: { prefix: '/fault' }, route: { cluster: 'v1' }, typedPerFilterConfig: { 'envoy.filters.http.fault': { '@type': TYPE_URL.fault, abort: { httpStatus: 503, percentage: { numerator: 100 } } } } },
        { name: 'delay', match: { prefix: '/delayed' }, route: { cluster: 'v1', prefixRewrite: '/ip' }, typedPerFilterConfig: { 'envoy.filters.http.fault': { '@type': TYPE_URL.fault, delay: { fixedDelay: '0.2s', percentage: { numerator: 100 } } } } },
        { name: 'missing-cluster', match: { prefix: '/nocluster' }, route: { cluster: 'does-not-exist' } },
      ],
    },
  ],
};

before(async () => {
  v1 = await startHttpbin({ version: 'v1' });
  v2 = await startHttpbin({ version: 'v2' });
  p = await startProxy(httpBundle([routes], [staticCluster('v1', [v1.port]), staticCluster('v2', [v2.port])], { httpFilters: [corsFilter(), faultFilter(), router()], accessLog: [accessLog('text')] }));
});
after(async () => {
  await p.stop();
  await v1.close();
  await v2.close();
});

const get = (path: string, opts: { method?: string; headers?: Record<string, string> } = {}) => request(p.port(), { host: 'features.local', path, ...opts });

test('methods are matched through the :method header', async () => {
  assert.equal((await get('/method', { method: 'POST' })).status, 201);
  assert.equal((await get('/method', { method: 'POST' })).body, 'created');
  assert.equal((await get('/method')).status, 405);
});

test('prefix and regex rewrites keep the query and record x-envoy-original-path', async () => {
  const r = JSON.parse((await get('/old/thing?q=1')).body);
  assert.equal(r.url, 'http://features.local/anything/new/thing?q=1');
  assert.equal(r.headers['X-Envoy-Original-Path'], '/old/thing?q=1');
  const g = JSON.parse((await get('/users/42/profile')).body);
  assert.equal(g.url, 'http://features.local/anything/profiles/42');
});

test('host rewrite changes the Host the upstream sees', async () => {
  assert.equal(JSON.parse((await get('/anything/host')).body).headers.Host, 'rewritten.example');
});

test('redirects: https, path with host and code, prefix rewrite with strip_query', async () => {
  const a = await get('/secure/x?y=1');
  assert.equal(a.status, 301);
  assert.equal(a.headers.location, 'https://features.local/secure/x?y=1');
  const b = await get('/moved?z=2');
  assert.equal(b.status, 308);
  assert.equal(b.headers.location, 'http://other.example/new-place?z=2');
  const c = await get('/docs/intro?x=1');
  assert.equal(c.status, 302);
  assert.equal(c.headers.location, 'http://features.local/manual/intro');
});

test('direct responses carry their body and response headers', async () => {
  const r = await get('/direct');
  assert.equal(r.status, 418);
  assert.equal(r.body, 'teapot');
  assert.equal(r.headers['x-direct'], '1');
  assert.equal(r.headers['x-resp-config'], 'c');
});

test('weighted clusters split traffic by weight', async () => {
  const counts = { v1: 0, v2: 0 };
  for (let i = 0; i < 80; i++) counts[JSON.parse((await get('/weighted')).body).version as 'v1' | 'v2']++;
  assert.ok(counts.v1 > 5 && counts.v2 > counts.v1, JSON.stringify(counts));
});

test('header mutations apply at route, virtual host and route configuration levels', async () => {
  const r = await get('/headers', { headers: { 'x-remove-me': 'gone', 'x-level': 'client' } });
  const h = JSON.parse(r.body).headers;
  assert.equal(h['X-Remove-Me'], undefined);
  assert.equal(h['X-Vhost'], 'yes');
  assert.equal(h['X-Route'], '127.0.0.1');
  assert.equal(h['X-Level'], 'config', 'route config level is applied last and wins');
  assert.equal(r.headers['x-resp-route'], 'r');
  assert.equal(r.headers['x-resp-config'], 'c');
  assert.equal(r.headers['x-sextant-version'], undefined, 'removed at the virtual host level');
});

test('CORS: preflight answered locally, allowed origins echoed, others ignored', async () => {
  const pre = await get('/cors', { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' } });
  assert.equal(pre.status, 200);
  assert.equal(pre.headers['access-control-allow-origin'], 'https://app.example');
  assert.equal(pre.headers['access-control-allow-methods'], 'GET,POST');
  assert.equal(pre.headers['access-control-allow-headers'], 'x-custom');
  assert.equal(pre.headers['access-control-max-age'], '600');
  assert.equal(pre.headers['access-control-allow-credentials'], 'true');
  const ok = await get('/cors', { headers: { origin: 'https://x.trusted.example' } });
  assert.equal(ok.status, 200);
  assert.equal(ok.headers['access-control-allow-origin'], 'https://x.trusted.example');
  assert.equal(ok.headers['access-control-expose-headers'], 'x-sextant-version');
  const no = await get('/cors', { headers: { origin: 'https://evil.example' } });
  assert.notEqual(no.headers['access-control-allow-origin'], 'https://evil.example');
});

test('fault injection: abort (FI) and delay (DI) from per-route config', async () => {
  const a = await get('/fault');
  assert.equal(a.status, 503);
  assert.equal(a.body, 'fault filter abort');
  const t0 = Date.now();
  const d = await get('/delayed');
  assert.equal(d.status, 200);
  assert.ok(Date.now() - t0 >= 150);
  await until(() => p.logs.some((l) => / 503 FI fault_filter_abort /.test(l)) && p.logs.some((l) => / 200 DI via_upstream /.test(l)));
});

test('no route is 404 NR; a missing cluster is 503 NC', async () => {
  const nr = await request(p.port(), { host: 'unknown.local', path: '/' });
  assert.equal(nr.status, 404);
  assert.equal(nr.body, '');
  const nc = await get('/nocluster');
  assert.equal(nc.status, 503);
  await until(() => p.logs.some((l) => / 404 NR route_not_found /.test(l)) && p.logs.some((l) => / 503 NC cluster_not_found /.test(l)));
});
