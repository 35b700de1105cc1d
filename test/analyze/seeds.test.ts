/**
 * The seeds' configurations through `analyze`: seed 000's original multi-namespace setup shows its
 * problem as IST0145 (the two Gateways claim the same host on the same port of one workload) and
 * IST0101 (a VirtualService binding the other namespace's Gateway by short name), its final setup
 * is clean; seed 001's walk-through is SXT0004 (Gateway alone), IST0132 (bound, host missing),
 * then clean; the seed's own VirtualService text has a doubled `spec:` (IST0106). Seeds 002–004
 * go through without an analyzer failing.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzePaths, formatMessage, type AnalysisMessage } from '../../src/analyze/index.ts';

const FIX = join(import.meta.dirname, 'fixtures');
const SEEDS = join(import.meta.dirname, '..', 'seeds');

function run(...paths: string[]): AnalysisMessage[] {
  const r = analyzePaths(paths);
  assert.deepEqual(r.failures, []);
  return r.messages;
}

const summary = (ms: readonly AnalysisMessage[]): string[] => ms.map((m) => `${m.code} ${m.origin ? `${m.origin.kind} ${m.origin.namespace}/${m.origin.name}` : '-'}`);

test('seed 000, original setup: IST0145 on both Gateways, IST0101 for the cross-namespace short name, IST0138, SXT0004', () => {
  const ms = run(join(FIX, 'seed-000-original'));
  assert.deepEqual(summary(ms), [
    'IST0101 VirtualService my-app2/my-app2',
    'IST0145 Gateway my-app1/my-app1-gateway',
    'IST0145 Gateway my-app2/my-app2-gateway',
    'IST0138 Gateway my-app1/my-app1-gateway',
    'IST0138 Gateway my-app2/my-app2-gateway',
    'SXT0004 Gateway my-app2/my-app2-gateway',
  ]);
  const text = ms.map(formatMessage).join('\n');
  assert.match(text, /Error \[IST0101\] \(VirtualService my-app2\/my-app2 .*my-app2\.yaml:46\) Referenced gateway not found: "my-app1-gateway"\. .*write "my-app1\/my-app1-gateway"/);
  assert.match(text, /Error \[IST0145\] \(Gateway my-app2\/my-app2-gateway .*my-app2\.yaml:26\) Conflict with gateways my-app1\/my-app1-gateway \(workload selector istio=ingressgateway, port 443, hosts \*\)\. On port 443, the gateway keeps my-app1\/my-app1-gateway and ignores this server/);
});

test("seed 000, final setup (the seed's YAML): only the v1alpha3 deprecation", () => {
  const ms = run(join(SEEDS, '000', 'multi-fqdn.yaml'), join(FIX, 'seed-000-fixed'));
  assert.deepEqual([...new Set(ms.map((m) => m.code))], ['IST0002']);
  assert.equal(ms.length, 3);
});

test('seed 001: Gateway alone → SXT0004; bound without the host → IST0132; fixed → clean', () => {
  const base = join(FIX, 'seed-001');
  assert.deepEqual(summary(run(base)), ['SXT0004 Gateway default/httpbin-gateway']);
  const still404 = run(base, join(FIX, 'seed-001-steps', 'still-404'));
  assert.deepEqual(summary(still404), ['IST0132 VirtualService default/httpbin-virtual-service']);
  assert.equal(
    formatMessage(still404[0]),
    `Warning [IST0132] (VirtualService default/httpbin-virtual-service ${join(FIX, 'seed-001-steps', 'still-404', 'virtual-service.yaml')}:11) one or more host [httpbin-service] defined in VirtualService default/httpbin-virtual-service not found in Gateway default/httpbin-gateway. Gateway default/httpbin-gateway accepts httpbin.local; add the host clients use (e.g. "httpbin.local") to the VirtualService's spec.hosts — until then the gateway answers 404 for it.`,
  );
  assert.deepEqual(run(base, join(FIX, 'seed-001-steps', 'fixed')), []);
});

test("seed 001, the blog's own VirtualService: the doubled `spec:` key is IST0106", () => {
  const ms = run(join(SEEDS, '001', 'virtualservice-gateways.yaml'));
  assert.deepEqual(summary(ms), ['IST0106 VirtualService default/httpbin-virtual-service']);
  assert.match(ms[0].message, /duplicate key "spec"/);
});

test('seeds 002–004: every analyzer runs; broken files are IST0106, missing references IST0101', () => {
  for (const s of ['002', '003', '004']) {
    const ms = run(join(SEEDS, s));
    for (const m of ms) assert.match(m.code, /^(IST0\d{3}|SXT\d{4})$/);
  }
  const ms002 = run(join(SEEDS, '002'));
  assert.ok(ms002.some((m) => m.code === 'IST0106' && /U\+3000/.test(m.message)), 'the ideographic space in seed 002 is reported');
  const ms003 = run(join(SEEDS, '003'));
  assert.ok(ms003.some((m) => m.code === 'IST0101' && /extension provider not found: "oauth2-proxy"/.test(m.message)));
});
