/**
 * Fault injection end to end (envoy.filters.http.fault with per-route config): a fixed delay (DI),
 * an HTTP abort (FI, the backend never sees the request), a gRPC abort (trailers-only), a 50%
 * abort sampled from the proxy's random source, the filter's stats — and
 * docs/resilience/fault-injection.md's example through the real translation.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import type { HTTPFault } from '../../src/envoy/types.ts';
import { TYPE_URL } from '../../src/envoy/type-urls.ts';
import { request, until } from '../helpers/http-client.ts';
import { closeAll, startBackends, type Backend } from './backends.ts';
import { cluster, gateway, logs, route, start, stats } from './harness.ts';
import { bindPorts, docYaml, translate } from './translate.ts';

let a: Backend;
before(async () => {
  [a] = await startBackends(1, 2);
});
after(() => closeAll([a]));
beforeEach(() => a.reset());

const fault = (f: HTTPFault) => ({ typedPerFilterConfig: { 'envoy.filters.http.fault': { '@type': TYPE_URL.fault, ...f } } });
const pct = (n: number) => ({ numerator: n * 10_000, denominator: 'MILLION' as const });

test('delay, HTTP abort, gRPC abort and a sampled abort, with flags and stats', async () => {
  const routes = [
    route('/delayed', { cluster: 'svc' }, fault({ delay: { fixedDelay: '0.25s', percentage: pct(100) } })),
    route('/aborted', { cluster: 'svc' }, fault({ abort: { httpStatus: 418, percentage: pct(100) } })),
    route('/grpc', { cluster: 'svc' }, fault({ abort: { grpcStatus: 14, percentage: pct(100) } })),
    route('/half', { cluster: 'svc' }, fault({ abort: { httpStatus: 500, percentage: pct(50) } })),
    route('/both', { cluster: 'svc' }, fault({ delay: { fixedDelay: '0.1s', percentage: pct(100) }, abort: { httpStatus: 503, percentage: pct(100) } })),
    route('/', { cluster: 'svc' }),
  ];
  const p = await start(gateway(routes, [cluster('svc', [a])], { hcm: { statPrefix: 'gw' } }));
  try {
    const t0 = Date.now();
    assert.equal((await request(p.port(), { path: '/delayed' })).status, 200);
    assert.ok(Date.now() - t0 >= 240, 'held for the delay');
    const ab = await request(p.port(), { path: '/aborted' });
    assert.deepEqual([ab.status, ab.body], [418, 'fault filter abort']);
    const g = await request(p.port(), { path: '/grpc', method: 'POST', headers: { 'content-type': 'application/grpc' } });
    assert.deepEqual([g.status, g.headers['grpc-status'], g.headers['grpc-message']], [200, '14', 'fault filter abort']);
    const plainGrpcAbort = await request(p.port(), { path: '/grpc' });
    assert.deepEqual([plainGrpcAbort.status, plainGrpcAbort.body], [200, 'fault filter abort'], "Envoy: a gRPC abort answers 200 to a non-gRPC request");
    const both = await request(p.port(), { path: '/both' });
    assert.equal(both.status, 503);
    let aborted = 0;
    for (let i = 0; i < 200; i++) if ((await request(p.port(), { path: '/half' })).status === 500) aborted++;
    assert.ok(aborted > 70 && aborted < 130, `about half aborted: ${aborted}`);
    assert.equal(a.hits, 1 + (200 - aborted), 'aborted requests never reach the backend');
    await until(() => p.logs.length === 205);
    const flags = logs(p).map((l) => l.response_flags);
    assert.deepEqual(flags.slice(0, 5), ['DI', 'FI', 'FI', 'FI', 'DI,FI']);
    const st = await stats(p);
    assert.equal(st.get('http.gw.fault.delays_injected'), 2);
    assert.equal(st.get('http.gw.fault.aborts_injected'), 4 + aborted);
    assert.equal(st.get('http.gw.fault.active_faults'), 0);
    const prom = await p.proxy.admin.prometheusText();
    assert.match(prom, /envoy_http_fault_aborts_injected\{http_conn_manager_prefix="gw"\} \d+/);
  } finally {
    await p.stop();
  }
});

test('an HTTP abort on a gRPC request is mapped to grpc-status (503 → 14)', async () => {
  const p = await start(gateway([route('/', { cluster: 'svc' }, fault({ abort: { httpStatus: 503, percentage: pct(100) } }))], [cluster('svc', [a])]));
  try {
    const g = await request(p.port(), { method: 'POST', headers: { 'content-type': 'application/grpc+proto' } });
    assert.deepEqual([g.status, g.headers['grpc-status']], [200, '14']);
    assert.equal(a.hits, 0);
  } finally {
    await p.stop();
  }
});

test('docs/resilience/fault-injection.md: the example translated and run', async () => {
  const p = await start(translate(bindPorts(docYaml('fault-injection.md'), [a])));
  const get = (path: string, headers: Record<string, string> = {}) => request(p.port('0.0.0.0_80'), { host: 'reviews.example.com', path, headers });
  try {
    const t0 = Date.now();
    assert.equal((await get('/delayed')).status, 200);
    assert.ok(Date.now() - t0 >= 290);
    assert.deepEqual([(await get('/aborted')).status, (await get('/aborted')).body], [503, 'fault filter abort']);
    const g = await get('/grpc', { 'content-type': 'application/grpc' });
    assert.equal(g.headers['grpc-status'], '14');
    let aborted = 0;
    for (let i = 0; i < 100; i++) if ((await get('/half')).status === 500) aborted++;
    assert.ok(aborted > 30 && aborted < 70, `about half: ${aborted}`);
    assert.equal((await get('/')).status, 200);
    assert.equal(a.hits, 1 + (100 - aborted) + 1);
    await until(() => p.logs.length === 105);
    assert.deepEqual(logs(p).slice(0, 4).map((l) => l.response_flags), ['DI', 'FI', 'FI', 'FI']);
  } finally {
    await p.stop();
  }
});
