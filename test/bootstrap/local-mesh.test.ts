/**
 * `sextant up` (LocalMesh) end to end: configuration from a directory, live reload on file edits
 * while a request loop runs (zero failed requests), a broken edit rejected with its diagnostics
 * while the last good configuration keeps serving, and readiness only after the first config.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LocalMesh } from '../../src/bootstrap/local-mesh.ts';
import { startHttpbin } from '../../src/samples/httpbin/index.ts';
import { request, type Reply } from '../helpers/http-client.ts';
import { freePort } from '../helpers/ports.ts';

function mesh(v1: number, v2: number, route: string): string {
  const we = (v: string, port: number): string =>
    `apiVersion: networking.istio.io/v1\nkind: WorkloadEntry\nmetadata: {name: web-${v}}\nspec:\n  address: 127.0.0.1\n  ports: {http: ${port}}\n  labels: {app: web, version: ${v}}\n`;
  return [
    'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports:\n  - {name: http, port: 80}\n',
    we('v1', v1),
    we('v2', v2),
    'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: web}\nspec:\n  host: web\n  subsets:\n  - {name: v1, labels: {version: v1}}\n  - {name: v2, labels: {version: v2}}\n',
    'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: gw}\nspec:\n  selector: {istio: ingressgateway}\n  servers:\n  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: [web.local]\n',
    `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: web}\nspec:\n  hosts: [web.local]\n  gateways: [gw]\n  http:\n${route}`,
  ].join('---\n');
}

const TO = (subset: string): string => `  - route:\n    - destination: {host: web, subset: ${subset}}\n`;

const get = (port: number, agent: http.Agent): Promise<Reply> => request(port, { host: 'web.local', path: '/get', agent, timeoutMs: 5000 });

async function until(cond: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await cond()) return;
    await sleep(50);
  }
  assert.fail(`timed out waiting for ${what}`);
}

test('sextant up applies edits live, rejects broken ones, and drops no request', { timeout: 60_000 }, async () => {
  const v1 = await startHttpbin({ port: 0, host: '127.0.0.1', version: 'v1' });
  const v2 = await startHttpbin({ port: 0, host: '127.0.0.1', version: 'v2' });
  const dir = mkdtempSync(join(tmpdir(), 'sextant-up-'));
  const file = join(dir, 'mesh.yaml');
  writeFileSync(file, mesh(v1.port, v2.port, TO('v1')));
  const port = await freePort();
  const lines: string[] = [];
  const local = new LocalMesh({ paths: [dir], log: (l) => lines.push(l), proxy: { portOffset: port - 80, bindAddress: '127.0.0.1', adminPort: 0, statsPort: 0, readinessPort: 0, accessLog: 'off' } });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  let stop = false;
  const failed: string[] = [];
  let ok = 0;
  try {
    const first = await local.start();
    assert.equal(first.accepted, true, lines.join('\n'));
    assert.equal((await fetch(`http://127.0.0.1:${local.proxy.readinessPort}/healthz/ready`)).status, 200);
    assert.match((await get(port, agent)).body, /"version": "v1"/);

    const loop = async (): Promise<void> => {
      while (!stop) {
        try {
          const r = await get(port, agent);
          if (r.status === 200) ok++;
          else failed.push(`status ${r.status}`);
        } catch (e) {
          failed.push((e as Error).message);
        }
      }
    };
    const loops = [loop(), loop(), loop()];

    writeFileSync(file, mesh(v1.port, v2.port, TO('v2')));
    await until(async () => /"version": "v2"/.test((await get(port, agent)).body), 'the edit to reach the gateway');
    assert.ok(lines.some((l) => /config v\d+ accepted/.test(l)));

    writeFileSync(file, mesh(v1.port, v2.port, '  - route:\n    - destination: {host: web, subset: v1}\n      weight: -5\n'));
    await until(async () => lines.some((l) => /config v\d+ rejected/.test(l)), 'the broken edit to be rejected');
    assert.ok(lines.some((l) => /Error: .*mesh\.yaml:\d+:\d+: VirtualService default\/web: .*weight/.test(l)), lines.join('\n'));
    assert.match((await get(port, agent)).body, /"version": "v2"/, 'the last good configuration keeps serving');

    writeFileSync(file, mesh(v1.port, v2.port, TO('v1')));
    await until(async () => /"version": "v1"/.test((await get(port, agent)).body), 'the fixed edit to apply');
    stop = true;
    await Promise.all(loops);
    assert.deepEqual(failed, []);
    assert.ok(ok > 10, `the load ran (${ok} requests)`);
  } finally {
    stop = true;
    agent.destroy();
    await local.stop(200);
    await v1.close();
    await v2.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
