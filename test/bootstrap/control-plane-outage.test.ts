/**
 * Issue 6's resilience promise, end to end: a `sextant proxy router` fed over ADS by
 * `sextant discovery` keeps answering every request while the control plane is down, reconnects
 * when it returns, and then picks up a configuration change. The outage lasts 3 s here
 * (SEXTANT_OUTAGE_MS=60000 reproduces the issue's 60 s run).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startProxyAgent } from '../../src/bootstrap/proxy-agent.ts';
import { meshTranslation } from '../../src/cli/discovery/translation.ts';
import { SnapshotGenerator } from '../../src/discovery/snapshot-generator.ts';
import { startDiscoveryServer } from '../../src/discovery/start.ts';
import { startHttpbin } from '../../src/samples/httpbin/index.ts';
import { request, type Reply } from '../helpers/http-client.ts';
import { freePort } from '../helpers/ports.ts';

const OUTAGE_MS = Number(process.env.SEXTANT_OUTAGE_MS ?? 3000);

function config(v1Port: number, v2Port: number, subset: 'v1' | 'v2'): string {
  const we = (v: string, port: number): string =>
    `apiVersion: networking.istio.io/v1\nkind: WorkloadEntry\nmetadata: {name: httpbin-${v}, namespace: default}\nspec:\n  address: 127.0.0.1\n  ports: {http: ${port}}\n  labels: {app: httpbin, version: ${v}}\n`;
  return [
    'apiVersion: v1\nkind: Service\nmetadata: {name: httpbin, namespace: default}\nspec:\n  selector: {app: httpbin}\n  ports:\n  - {name: http, port: 80, targetPort: 8000}\n',
    we('v1', v1Port),
    we('v2', v2Port),
    'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: httpbin, namespace: default}\nspec:\n  host: httpbin\n  subsets:\n  - {name: v1, labels: {version: v1}}\n  - {name: v2, labels: {version: v2}}\n',
    'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: default}\nspec:\n  selector: {istio: ingressgateway}\n  servers:\n  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: [httpbin.local]\n',
    `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: httpbin, namespace: default}\nspec:\n  hosts: [httpbin.local]\n  gateways: [gw]\n  http:\n  - route:\n    - destination: {host: httpbin, subset: ${subset}}\n`,
  ].join('---\n');
}

const get = (port: number, agent: http.Agent): Promise<Reply> => request(port, { host: 'httpbin.local', path: '/get', agent, timeoutMs: 5000 });

test('the proxy answers every request while the control plane is down, then resyncs', { timeout: 90_000 + OUTAGE_MS }, async () => {
  const v1 = await startHttpbin({ port: 0, host: '127.0.0.1', version: 'v1' });
  const v2 = await startHttpbin({ port: 0, host: '127.0.0.1', version: 'v2' });
  const dir = mkdtempSync(join(tmpdir(), 'sextant-outage-'));
  const file = join(dir, 'mesh.yaml');
  writeFileSync(file, config(v1.port, v2.port, 'v1'));
  const listenPort = await freePort();
  const start = async (grpcPort: number) => {
    const generator = new SnapshotGenerator({ paths: [dir], translation: meshTranslation(), log: () => undefined, settleMs: 20 });
    return startDiscoveryServer({ generator, grpcPort, httpPort: 0, host: '127.0.0.1', debounceMs: 20, log: () => undefined });
  };
  let ds = await start(0);
  const grpcPort = ds.grpcPort;
  const lines: string[] = [];
  const agent = await startProxyAgent({
    discoveryAddress: ds.address,
    type: 'router',
    labels: { istio: 'ingressgateway' },
    namespace: 'istio-system',
    log: (l) => lines.push(l),
    proxy: { portOffset: listenPort - 80, bindAddress: '127.0.0.1', adminPort: 0, statsPort: 0, readinessPort: 0, accessLog: 'off' },
  });
  const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 4 });
  let stopLoad = false;
  const results = { ok: 0, failed: [] as string[] };
  try {
    await agent.client.whenReady(20_000);
    for (let i = 0; i < 100 && !agent.proxy.ready; i++) await sleep(50);
    const ready = await fetch(`http://127.0.0.1:${agent.proxy.readinessPort}/healthz/ready`);
    assert.equal(ready.status, 200);
    const first = await get(listenPort, keepAlive);
    assert.equal(first.status, 200, first.body);
    assert.match(first.body, /"version": "v1"/);

    const loop = async (): Promise<void> => {
      while (!stopLoad) {
        try {
          const r = await get(listenPort, keepAlive);
          if (r.status === 200) results.ok++;
          else results.failed.push(`status ${r.status}`);
        } catch (e) {
          results.failed.push((e as Error).message);
        }
      }
    };
    const loops = [loop(), loop(), loop()];
    await sleep(300);
    await ds.close();
    const before = results.ok;
    await sleep(OUTAGE_MS);
    assert.ok(results.ok > before, 'requests kept being answered during the outage');
    assert.equal(agent.client.connected, false);

    ds = await start(grpcPort);
    // The client's backoff grows to 30 s (±20 %) during a long outage, so allow up to 40 s.
    for (let i = 0; i < 800 && !agent.client.connected; i++) await sleep(50);
    assert.equal(agent.client.connected, true, `the client reconnected: ${lines.join(' | ')}`);
    writeFileSync(file, config(v1.port, v2.port, 'v2'));
    let switched = false;
    for (let i = 0; i < 200 && !switched; i++) {
      switched = /"version": "v2"/.test((await get(listenPort, keepAlive)).body);
      if (!switched) await sleep(50);
    }
    assert.ok(switched, 'a change made after the control plane returned reached the proxy');
    stopLoad = true;
    await Promise.all(loops);
    assert.deepEqual(results.failed, [], `failed requests: ${results.failed.slice(0, 5).join(', ')}`);
    assert.ok(results.ok > 20, `load ran (${results.ok} requests)`);
  } finally {
    stopLoad = true;
    keepAlive.destroy();
    await agent.stop(200);
    await ds.close();
    await v1.close();
    await v2.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
