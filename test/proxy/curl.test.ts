/**
 * The proxy against curl, the client the seeds use (skipped when curl is not installed):
 * `--resolve` with a Host name, HTTPS with SNI and the test CA, HTTP/2 with prior knowledge and
 * over TLS, and `--http1.0` answered 426.
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startHttpbin, type HttpbinServer } from '../../src/samples/httpbin/index.ts';
import { createCa } from '../helpers/certs.ts';
import { startProxy, type TestProxy } from '../helpers/http-client.ts';
import { bundle, certSecret, downstreamTls, hcm, listener, staticCluster } from './fixtures.ts';

function hasCurl(): boolean {
  try {
    execFileSync('curl', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const skip = !hasCurl();
let hb: HttpbinServer;
let p: TestProxy;
let dir = '';

function curl(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => execFile('curl', ['-s', '-S', '--max-time', '5', ...args], (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout))));
}

before(async () => {
  if (skip) return;
  hb = await startHttpbin({ version: 'v2' });
  const ca = await createCa();
  const leaf = await ca.issue({ commonName: 'httpbin.local', dns: ['httpbin.local'] });
  dir = mkdtempSync(join(tmpdir(), 'sextant-curl-'));
  writeFileSync(join(dir, 'ca.pem'), ca.cert);
  const routes = [{ name: 'http.80', virtualHosts: [{ name: 'httpbin.local:80', domains: ['httpbin.local', 'httpbin.local:*'], routes: [{ match: { prefix: '/' }, route: { cluster: 'httpbin' } }] }] }];
  p = await startProxy(
    bundle({
      listeners: [listener('http', [{ filters: [hcm('http.80')] }]), listener('https', [{ transportSocket: downstreamTls('cert'), filters: [hcm('http.80')] }])],
      routes,
      clusters: [staticCluster('httpbin', [hb.port])],
      secrets: [certSecret('cert', leaf)],
    }),
  );
});
after(async () => {
  if (skip) return;
  await p.stop();
  await hb.close();
  rmSync(dir, { recursive: true, force: true });
});

test('curl --resolve httpbin.local: 200 with the upstream service time', { skip }, async () => {
  const out = await curl(['-i', '--resolve', `httpbin.local:${p.port()}:127.0.0.1`, `http://httpbin.local:${p.port()}/headers`]);
  assert.match(out, /^HTTP\/1\.1 200 OK/);
  assert.match(out, /server: istio-envoy/);
  assert.match(out, /x-envoy-upstream-service-time: \d+/);
  assert.match(out, /"Host": "httpbin\.local:\d+"/);
});

test('curl over HTTPS with SNI, HTTP/2 over TLS and h2c prior knowledge', { skip }, async () => {
  const tlsOut = await curl(['-i', '--cacert', join(dir, 'ca.pem'), '--resolve', `httpbin.local:${p.port('https')}:127.0.0.1`, `https://httpbin.local:${p.port('https')}/ip`]);
  assert.match(tlsOut, /^HTTP\/2 200/);
  const h2c = await curl(['-i', '--http2-prior-knowledge', '-H', 'Host: httpbin.local', `http://127.0.0.1:${p.port()}/ip`]);
  assert.match(h2c, /^HTTP\/2 200/);
  const upgradeH2c = await curl(['-i', '--http2', '-H', 'Host: httpbin.local', `http://127.0.0.1:${p.port()}/ip`]);
  assert.match(upgradeH2c, /^HTTP\/1\.1 200 OK/, 'h2c upgrade headers are ignored, as Envoy does');
});

test('curl --http1.0 gets 426 Upgrade Required', { skip }, async () => {
  const out = await curl(['-i', '--http1.0', '-H', 'Host: httpbin.local', `http://127.0.0.1:${p.port()}/ip`]);
  assert.match(out, /^HTTP\/1\.1 426 Upgrade Required/);
});
