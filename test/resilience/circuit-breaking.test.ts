/**
 * Circuit breaking end to end (cluster circuitBreakers and HTTP protocol options): a request over
 * maxPendingRequests is answered 503 at once with UO and `x-envoy-overloaded: true` while the
 * others wait for the single allowed connection; maxRequests; maxRequestsPerConnection 1; the
 * circuit_breakers gauges and overflow counters in /stats and /stats/prometheus — and
 * docs/resilience/circuit-breaking.md's example through the real translation.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { TYPE_URL } from '../../src/envoy/type-urls.ts';
import { request, until, type Reply } from '../helpers/http-client.ts';
import { closeAll, startBackends, type Backend } from './backends.ts';
import { cluster, gateway, logs, route, start, stats } from './harness.ts';
import { bindPorts, docYaml, translate } from './translate.ts';

let a: Backend;
before(async () => {
  [a] = await startBackends(1, 2);
});
after(() => closeAll([a]));
beforeEach(() => a.reset());

const OVERFLOW = 'upstream connect error or disconnect/reset before headers. reset reason: overflow';

/** Sends one slow request, then `more` while it holds the connection. */
async function saturate(send: () => Promise<Reply>, more: number): Promise<{ first: Promise<Reply>; rest: Reply[] | Promise<Reply>[] }> {
  a.queue = ['delay:800'];
  const first = send();
  await until(() => a.hits === 1);
  const rest = Array.from({ length: more }, () => send());
  return { first, rest };
}

test('maxConnections 1 + maxPendingRequests 1: one waits, the next overflows at once (503 UO)', async () => {
  const c = cluster('svc', [a], { circuitBreakers: { thresholds: [{ maxConnections: 1, maxPendingRequests: 1, trackRemaining: true }] } });
  const p = await start(gateway([route('/', { cluster: 'svc' })], [c]));
  try {
    const { first, rest } = await saturate(() => request(p.port()), 1);
    await new Promise((r) => setTimeout(r, 50));
    const during = await stats(p);
    assert.equal(during.get('cluster.svc.circuit_breakers.default.rq_pending_open'), 1);
    assert.equal(during.get('cluster.svc.circuit_breakers.default.cx_open'), 1);
    assert.equal(during.get('cluster.svc.circuit_breakers.default.remaining_pending'), 0);
    const t0 = Date.now();
    const over = await request(p.port());
    assert.ok(Date.now() - t0 < 500, 'answered at once, not queued');
    assert.deepEqual([over.status, over.headers['x-envoy-overloaded'], over.body], [503, 'true', OVERFLOW]);
    const done = await Promise.all([first, ...rest]);
    assert.deepEqual(done.map((r) => r.status), [200, 200]);
    assert.equal(a.hits, 2, 'the overflowed request never reached the backend');
    assert.equal(a.maxInFlight, 1);
    assert.equal(a.connections, 1, 'the waiting request reused the one connection');
    await until(() => p.logs.length === 3);
    assert.deepEqual(logs(p).map((l) => l.response_flags).sort(), ['-', '-', 'UO']);
    const after = await stats(p);
    assert.equal(after.get('cluster.svc.upstream_rq_pending_overflow'), 1);
    assert.ok(after.get('cluster.svc.upstream_cx_overflow')! >= 1);
    assert.equal(after.get('cluster.svc.circuit_breakers.default.rq_pending_open'), 0);
    const prom = await p.proxy.admin.prometheusText();
    assert.match(prom, /envoy_cluster_upstream_rq_pending_overflow\{cluster_name="svc"\} 1/);
    assert.match(prom, /# TYPE envoy_cluster_circuit_breakers_default_rq_pending_open gauge/);
  } finally {
    await p.stop();
  }
});

test('maxRequests: a request over the cluster limit overflows even with connections to spare', async () => {
  const p = await start(gateway([route('/', { cluster: 'svc' })], [cluster('svc', [a], { circuitBreakers: { thresholds: [{ maxRequests: 1 }] } })]));
  try {
    const { first } = await saturate(() => request(p.port()), 0);
    const over = await request(p.port());
    assert.deepEqual([over.status, over.headers['x-envoy-overloaded']], [503, 'true']);
    assert.equal((await first).status, 200);
    assert.equal((await request(p.port())).status, 200, 'the slot is free again');
    assert.equal(a.hits, 2);
  } finally {
    await p.stop();
  }
});

test('maxRequestsPerConnection 1 closes each upstream connection after one request', async () => {
  const hpo = { '@type': TYPE_URL.httpProtocolOptions, commonHttpProtocolOptions: { maxRequestsPerConnection: 1 }, explicitHttpConfig: { httpProtocolOptions: {} } };
  const p = await start(gateway([route('/', { cluster: 'svc' })], [cluster('svc', [a], { typedExtensionProtocolOptions: { 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': hpo } })]));
  try {
    for (let i = 0; i < 5; i++) assert.equal((await request(p.port())).status, 200);
    assert.equal(a.connections, 5);
  } finally {
    await p.stop();
  }
});

test('docs/resilience/circuit-breaking.md: the example translated and run', async () => {
  const p = await start(translate(bindPorts(docYaml('circuit-breaking.md'), [a])));
  const send = () => request(p.port('0.0.0.0_80'), { host: 'reviews.example.com' });
  try {
    const { first, rest } = await saturate(send, 1);
    await new Promise((r) => setTimeout(r, 50));
    const over = await send();
    assert.deepEqual([over.status, over.headers['x-envoy-overloaded']], [503, 'true']);
    assert.deepEqual((await Promise.all([first, ...rest])).map((r) => r.status), [200, 200]);
    assert.equal(a.hits, 2);
    assert.equal(a.connections, 2, 'maxRequestsPerConnection: 1 — a fresh connection for the waiting request');
    const name = 'outbound|9080||reviews.default.svc.cluster.local';
    assert.equal((await stats(p)).get(`cluster.${name}.upstream_rq_pending_overflow`), 1);
    const dump = p.proxy.admin.configDump(new URLSearchParams()) as { configs: { dynamicActiveClusters?: { cluster: { name: string; circuitBreakers?: unknown } }[] }[] };
    const shown = dump.configs.flatMap((c) => c.dynamicActiveClusters ?? []).find((c) => c.cluster.name === name);
    assert.deepEqual(shown?.cluster.circuitBreakers, { thresholds: [{ maxConnections: 1, maxPendingRequests: 1, maxRequests: 100, maxRetries: 2, trackRemaining: true }] });
  } finally {
    await p.stop();
  }
});
