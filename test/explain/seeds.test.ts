/**
 * The seeds through `explainRequest`: seed 001's intermediate state is the blackhole 404 with the
 * VirtualService near-miss the issue quotes, its fix routes to subset v2 with the seed's retry
 * policy and the VirtualService line behind the route; seed 000's original setup is a 404 on
 * my-app2.example.com explained by the ignored Gateway server and the unbound VirtualService, and
 * its final setup picks the SNI filter chain and my-app2's route.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { explainAtGateway, FIX, SEEDS, snapshotOf, stages } from './helpers.ts';

const SEED1 = join(FIX, 'seed-001');

test('seed 001, still 404: blackhole:80 answers, and the near-miss names the VirtualService and the missing host', () => {
  const r = explainAtGateway(snapshotOf(SEED1, join(FIX, 'seed-001-steps', 'still-404')), 'http://httpbin.local/ip');
  assert.deepEqual(stages(r), ['listener 0.0.0.0_80', 'filterChain #0', 'routeConfiguration http.80', 'virtualHost blackhole:80', 'route default']);
  assert.equal(r.outcome.kind, 'direct-response');
  assert.equal(r.outcome.status, 404);
  const [first] = r.nearMisses;
  assert.equal(`${first.what} ${first.why}`.split(';')[0], 'VirtualService default/httpbin-virtual-service is bound to httpbin-gateway but its hosts [httpbin-service] do not include httpbin.local');
  assert.equal(first.source?.file, join(FIX, 'seed-001-steps', 'still-404', 'virtual-service.yaml'));
});

test('seed 001, fixed: http.80 → httpbin.local:80 → outbound|80|v2 with 10 retries, endpoint v2, and the lines behind each step', () => {
  const r = explainAtGateway(snapshotOf(SEED1, join(FIX, 'seed-001-steps', 'fixed')), 'http://httpbin.local/ip');
  const v2 = 'outbound|80|v2|httpbin-service.default.svc.cluster.local';
  assert.deepEqual(stages(r), ['listener 0.0.0.0_80', 'filterChain #0', 'routeConfiguration http.80', 'virtualHost httpbin.local:80', 'route #0', `cluster ${v2}`, `endpoints ${v2}`]);
  assert.equal(r.outcome.kind, 'forward');
  assert.equal(r.outcome.cluster, v2);
  assert.deepEqual(r.outcome.service, { host: 'httpbin-service.default.svc.cluster.local', port: 80, subset: 'v2' });
  assert.deepEqual(r.outcome.endpoints?.map((e) => `${e.address}:${e.port} ${e.version}`), ['127.0.0.12:8000 v2']);
  assert.equal(r.outcome.retries?.attempts, 10);
  assert.equal(r.outcome.timeout, '0s');
  const route = r.steps.find((s) => s.stage === 'route')!;
  assert.deepEqual(route.source, { kind: 'VirtualService', namespace: 'default', name: 'httpbin-virtual-service', file: join(FIX, 'seed-001-steps', 'fixed', 'virtual-service.yaml'), line: 15 });
  assert.equal(r.steps.find((s) => s.stage === 'cluster')!.source?.name, 'httpbin-destination-rule');
  assert.deepEqual(r.nearMisses, []);
});

test('seed 000, original: my-app2.example.com gets my-app1-gateway routes, 404, because the second Gateway server is ignored', () => {
  const r = explainAtGateway(snapshotOf(join(FIX, 'seed-000-original')), 'https://my-app2.example.com/');
  assert.equal(r.outcome.kind, 'no-route');
  assert.equal(r.outcome.status, 404);
  assert.ok(r.steps.some((s) => s.name === 'https.443.https.my-app1-gateway.my-app1'));
  const text = r.nearMisses.map((n) => `${n.what} ${n.why}`);
  assert.match(text[0], /^Gateway my-app2\/my-app2-gateway server 0 \(port 443\) is ignored by the gateway: duplicate host names on port 443: \*/);
  assert.ok(text.some((t) => /^VirtualService my-app2\/my-app2 has host my-app2\.example\.com but is bound to \[my-app2\/my-app1-gateway\], not to my-app1\/my-app1-gateway/.test(t)), text.join('\n'));
  assert.ok(r.notes.some((n) => /my-app2-gateway: server 0 \(port 443\) ignored/.test(n)));
});

test("seed 000, final: the SNI chain of common-istio-gateway and my-app2's route", () => {
  const r = explainAtGateway(snapshotOf(join(SEEDS, '000', 'multi-fqdn.yaml'), join(FIX, 'seed-000-fixed')), 'https://my-app2.example.com/');
  const chain = r.steps.find((s) => s.stage === 'filterChain')!;
  assert.match(chain.detail, /^SNI my-app1\.example\.com, my-app2\.example\.com; terminates TLS/);
  assert.equal(r.steps.find((s) => s.stage === 'virtualHost')!.name, 'my-app2.example.com:443');
  assert.equal(r.steps.find((s) => s.stage === 'route')!.source?.name, 'my-app2');
  assert.equal(r.outcome.cluster, 'outbound|80||my-service2.my-app2.svc.cluster.local');
  assert.equal(r.outcome.kind, 'no-healthy-upstream', 'the Services have no endpoints in these files');
  assert.equal(r.outcome.status, 503);
  const plain = explainAtGateway(snapshotOf(join(SEEDS, '000', 'multi-fqdn.yaml'), join(FIX, 'seed-000-fixed')), 'http://my-app2.example.com:443/');
  assert.equal(plain.outcome.kind, 'connection-closed');
});
