/**
 * SnapshotGenerator over real files: the first load is served, an edit is reloaded and announced
 * with the changed `Kind/ns/name`, and an edit with errors is rejected while the last good
 * configuration keeps being served.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Resource } from '../../src/api/resource.ts';
import type { ConfigChange } from '../../src/discovery/generator.ts';
import { proxyInfoFromNode, type ProxyInfo } from '../../src/discovery/proxy-info.ts';
import { SnapshotGenerator } from '../../src/discovery/snapshot-generator.ts';
import { emptyProxyResources } from '../../src/envoy/resource-kinds.ts';

const gateway = (port: number) => `apiVersion: networking.istio.io/v1beta1
kind: Gateway
metadata:
  name: httpbin-gateway
  namespace: default
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: ${port}
      name: http
      protocol: HTTP
    hosts:
    - "httpbin.local"
`;

/** A stand-in translation: one listener per Gateway server port. */
const translation = {
  build: (resources: readonly Resource[]) => resources,
  generate: (_p: ProxyInfo, snapshot: readonly Resource[]) => {
    const b = emptyProxyResources();
    for (const r of snapshot) for (const s of r.spec.servers ?? []) b.listeners.push({ name: `0.0.0.0_${s.port.number}`, address: { socketAddress: { address: '0.0.0.0', portValue: s.port.number } } });
    return b;
  },
};

test('reloads on edit, announces the changed config, and refuses a broken edit', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sextant-snapgen-'));
  const logs: string[] = [];
  const proxy = proxyInfoFromNode({ id: 'router~10.0.0.1~gw.istio-system~istio-system.svc.cluster.local' }) as ProxyInfo;
  try {
    writeFileSync(join(dir, 'gw.yaml'), gateway(80));
    const gen = new SnapshotGenerator({ paths: [dir], translation, log: (l, m) => logs.push(`${l} ${m}`), watch: false });
    assert.deepEqual(gen.generate(proxy).listeners.map((l) => l.name), ['0.0.0.0_80']);
    const changes: ConfigChange[] = [];
    gen.subscribe((c) => changes.push(c));

    writeFileSync(join(dir, 'gw.yaml'), gateway(8080));
    assert.deepEqual(gen.reload(), ['Gateway/default/httpbin-gateway']);
    assert.deepEqual(changes, [{ reason: 'config', configs: ['Gateway/default/httpbin-gateway'] }]);
    assert.deepEqual(gen.generate(proxy).listeners.map((l) => l.name), ['0.0.0.0_8080']);

    assert.deepEqual(gen.reload(), [], 'no change, no event');
    writeFileSync(join(dir, 'gw.yaml'), gateway(8080).replace('protocol: HTTP', 'protocl: HTTP'));
    assert.deepEqual(gen.reload(), []);
    assert.equal(changes.length, 1);
    assert.ok(logs.some((l) => l.startsWith('error configuration change rejected') && l.includes('protocl')), logs.join('\n'));
    assert.deepEqual(gen.generate(proxy).listeners.map((l) => l.name), ['0.0.0.0_8080'], 'the last good configuration is still served');
    gen.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a first load with errors throws: there is nothing good to serve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sextant-snapgen-'));
  try {
    writeFileSync(join(dir, 'gw.yaml'), gateway(80).replace('hosts:', 'hostz:'));
    assert.throws(() => new SnapshotGenerator({ paths: [dir], translation, watch: false }), /configuration has errors/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
