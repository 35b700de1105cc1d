/** `sextant proxy-config` end to end through the CLI entry point, on seed 001's configuration. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../main.ts';

const SEED_001 = join(import.meta.dirname, '../../../test/generate/fixtures/seed-001');

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => void (out += t), stderr: (t) => void (err += t), readStdin: () => new Uint8Array(), cwd: process.cwd() });
  return { code, out, err };
}

test('proxy-config route --name http.80 -o json prints the seed 001 route configuration', async () => {
  const r = await run(['proxy-config', 'route', '--config', SEED_001, '--labels', 'istio=ingressgateway', '--name', 'http.80', '-o', 'json']);
  assert.equal(r.code, 0, r.err);
  const [rc] = JSON.parse(r.out);
  assert.equal(rc.name, 'http.80');
  assert.equal(rc.virtualHosts[0].name, 'httpbin.local:80');
  assert.equal(rc.virtualHosts[0].routes[0].route.cluster, 'outbound|80|v2|httpbin-service.default.svc.cluster.local');
});

test('short tables for listeners, routes, clusters and endpoints', async () => {
  const l = await run(['proxy-config', 'listener', '--config', SEED_001, '--labels', 'istio=ingressgateway']);
  assert.match(l.out, /^ADDRESSES\s+PORT\s+MATCH\s+DESTINATION\n0\.0\.0\.0\s+80\s+ALL\s+Route: http\.80\n$/);
  const rt = await run(['proxy-config', 'routes', '--config', SEED_001, '--labels', 'istio=ingressgateway']);
  assert.match(rt.out, /http\.80\s+httpbin\.local:80\s+httpbin\.local, httpbin\.local:80\s+\/\*\s+httpbin-virtual-service\.default/);
  const c = await run(['proxy-config', 'cluster', '--config', SEED_001, '--labels', 'istio=ingressgateway', '--fqdn', 'httpbin-service.default.svc.cluster.local']);
  assert.equal(c.out.trim().split('\n').length, 4);
  assert.match(c.out, /httpbin-service\.default\.svc\.cluster\.local\s+80\s+v2\s+outbound\s+EDS\s+httpbin-destination-rule\.default/);
  const e = await run(['proxy-config', 'endpoint', '--config', SEED_001, '--labels', 'istio=ingressgateway', '--name', 'outbound|80|v1|httpbin-service.default.svc.cluster.local']);
  assert.match(e.out, /127\.0\.0\.11:8000\s+HEALTHY\s+OK\s+outbound\|80\|v1\|/);
  const y = await run(['proxy-config', 'all', '--config', SEED_001, '--labels', 'istio=ingressgateway', '-o', 'yaml']);
  assert.match(y.out, /routeConfigName: http\.80/);
});

test('usage errors exit 2', async () => {
  assert.equal((await run(['proxy-config', 'bogus', '--config', SEED_001, '--labels', 'a=b'])).code, 2);
  assert.equal((await run(['proxy-config', 'route', '--labels', 'a=b'])).code, 2);
  assert.equal((await run(['proxy-config', 'route', '--config', SEED_001, '--labels', 'novalue'])).code, 2);
});
