/**
 * docs/gateway.md's example, served for real: the YAML block of the page (with the workload port
 * and the Secret filled in) through LocalMesh, then the requests the page promises.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalMesh } from '../../src/bootstrap/local-mesh.ts';
import { startHttpbin } from '../../src/samples/httpbin/index.ts';
import { createCertificateAuthority } from '../../src/security/certificates.ts';

async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: n }, () => new Promise<net.Server>((r) => { const s = net.createServer().listen(0, '127.0.0.1', () => r(s)); })));
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

function request(mod: typeof http | typeof https, opts: https.RequestOptions): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = mod.request(opts, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('the gateway page example serves what the page says', { timeout: 60_000 }, async () => {
  const page = readFileSync('docs/gateway.md', 'utf8');
  const yaml = /```yaml\n([\s\S]*?)```/.exec(page)![1];
  const backend = await startHttpbin({ port: 0, host: '127.0.0.1', version: 'v1' });
  const ca = await createCertificateAuthority();
  const leaf = await ca.issue({ dnsNames: ['secure.local'], usage: 'server' });
  const b64 = (s: string): string => Buffer.from(s).toString('base64');
  const dir = mkdtempSync(join(tmpdir(), 'sextant-doc-'));
  writeFileSync(join(dir, 'mesh.yaml'), yaml.replace('http: 18001', `http: ${backend.port}`));
  writeFileSync(join(dir, 'secret.yaml'), `apiVersion: v1\nkind: Secret\nmetadata: {name: secure-cert, namespace: istio-system}\ntype: kubernetes.io/tls\ndata:\n  tls.crt: ${b64(leaf.cert)}\n  tls.key: ${b64(leaf.key)}\n`);
  // Listener ports are P + offset: pick an offset that lands 80 and 443 on free ports.
  let offset = 0;
  for (let tries = 0; tries < 20 && offset === 0; tries++) {
    const [p] = await freePorts(1);
    const candidate = p - 80;
    const probe = await new Promise<boolean>((r) => { const s = net.createServer().once('error', () => r(false)).listen(443 + candidate, '127.0.0.1', () => s.close(() => r(true))); });
    if (probe) offset = candidate;
  }
  const mesh = new LocalMesh({ paths: [dir], watch: false, log: () => undefined, proxy: { portOffset: offset, bindAddress: '127.0.0.1', adminPort: 0, statsPort: 0, readinessPort: 0, accessLog: 'off' } });
  try {
    const first = await mesh.start();
    assert.equal(first.accepted, true, first.reason);
    const h = (host: string, path: string) => request(http, { host: '127.0.0.1', port: 80 + offset, path, headers: { host } });
    assert.equal((await h('web.local', '/get')).status, 200);
    const moved = await h('web.local', '/old');
    assert.equal(moved.status, 301);
    assert.equal(moved.headers.location, 'http://web.local/get');
    assert.equal((await h('elsewhere.local', '/')).status, 404);
    const secure = await request(https, { host: '127.0.0.1', port: 443 + offset, servername: 'secure.local', path: '/get', headers: { host: 'secure.local' }, ca: ca.cert });
    assert.equal(secure.status, 200);
  } finally {
    await mesh.stop(100);
    await backend.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
