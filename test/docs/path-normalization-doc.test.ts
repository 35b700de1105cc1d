/**
 * docs/path-normalization.md's example, served for real: the page's YAML through LocalMesh (the
 * workload port filled in), then the requests the page shows, with their paths sent as written.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { LocalMesh } from '../../src/bootstrap/local-mesh.ts';
import { startHttpbin } from '../../src/samples/httpbin/index.ts';
import { rawExchange } from '../helpers/http-client.ts';
import { freePort } from '../helpers/ports.ts';

test('the path normalization page example does what the page says', { timeout: 60_000 }, async () => {
  const page = readFileSync('docs/path-normalization.md', 'utf8');
  const yaml = /```yaml\n([\s\S]*?)```/.exec(page)![1];
  const backend = await startHttpbin({ port: 0, host: '127.0.0.1', version: 'v1' });
  const dir = mkdtempSync(join(tmpdir(), 'sextant-doc-'));
  writeFileSync(join(dir, 'mesh.yaml'), yaml.replace('http: 18001', `http: ${backend.port}`));
  const offset = (await freePort()) - 80;
  const mesh = new LocalMesh({ paths: [dir], watch: false, log: () => undefined, proxy: { portOffset: offset, bindAddress: '127.0.0.1', adminPort: 0, statsPort: 0, readinessPort: 0, accessLog: 'off' } });
  const get = (path: string): Promise<string> => rawExchange(80 + offset, `GET ${path} HTTP/1.1\r\nHost: web.local\r\nConnection: close\r\n\r\n`);
  try {
    const first = await mesh.start();
    assert.equal(first.accepted, true, first.reason);
    const denied = await get('/public/../admin');
    assert.match(denied, /^HTTP\/1\.1 403 /);
    assert.match(denied, /forbidden$/);
    const served = await get('//public///get?x=//');
    assert.match(served, /^HTTP\/1\.1 200 /);
    assert.match(served, /"url": "http:\/\/web\.local\/anything\/get\?x=\/\/"/);
    assert.match(await get('/public/%2E%2E/admin'), /^HTTP\/1\.1 403 /);
    assert.match(await get('/public//../admin'), /"url": "http:\/\/web\.local\/anything\/admin"/);
  } finally {
    await mesh.stop(100);
    await backend.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
