/**
 * The whole control-plane path with the real translation: Istio YAML files → SnapshotGenerator
 * (src/model + src/generate) → ADS server → the proxy's XdsClient as the ingress gateway. Editing
 * the VirtualService file is picked up by the watcher and pushed; the client gets the new routes.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { meshTranslation } from '../../src/cli/discovery/translation.ts';
import { startDiscoveryServer } from '../../src/discovery/index.ts';
import { SnapshotGenerator } from '../../src/discovery/snapshot-generator.ts';
import type { RouteConfiguration } from '../../src/envoy/types.ts';
import { proxyNode, XdsClient, type XdsUpdate } from '../../src/proxy/xds/index.ts';

const QUICKSTART = new URL('../../examples/quickstart/', import.meta.url);

function routeClusters(routes: RouteConfiguration[]): string[] {
  return routes.flatMap((rc) => rc.virtualHosts ?? []).flatMap((vh) => vh.routes ?? []).flatMap((r) => (r.route?.cluster ? [r.route.cluster] : (r.route?.weightedClusters?.clusters ?? []).filter((c) => c.weight > 0).map((c) => c.name)));
}

test('files → snapshot → generate → ADS → XdsClient, and a VirtualService edit is pushed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sextant-e2e-'));
  for (const f of ['00-ingressgateway.yaml', '10-httpbin.yaml']) copyFileSync(new URL(f, QUICKSTART), join(dir, f));
  const generator = new SnapshotGenerator({ paths: [dir], translation: meshTranslation(), log: () => {} });
  const ds = await startDiscoveryServer({ grpcPort: 0, httpPort: null, generator, debounceMs: 20, log: () => {} });
  const client = new XdsClient({ address: ds.address, node: proxyNode({ type: 'router', podName: 'istio-ingressgateway-abc', namespace: 'istio-system', labels: { istio: 'ingressgateway', app: 'istio-ingressgateway' } }) });
  try {
    client.start();
    const first = await client.whenReady(8000);
    assert.ok(first.listeners.length > 0);
    assert.ok(routeClusters(first.routes).includes('outbound|80|v2|httpbin-service.default.svc.cluster.local'), JSON.stringify(routeClusters(first.routes)));
    assert.ok(!routeClusters(first.routes).includes('outbound|80|v1|httpbin-service.default.svc.cluster.local'), 'v1 has weight 0');

    const file = join(dir, '10-httpbin.yaml');
    const text = readFileSync(file, 'utf8');
    const edited = text.replace(/subset: v1\n(\s+)weight: 0/, 'subset: v1\n$1weight: 100').replace(/subset: v2\n(\s+)weight: 100/, 'subset: v2\n$1weight: 0');
    assert.notEqual(edited, text, 'the fixture has the seed 001 weights');
    const next = new Promise<XdsUpdate>((resolve) => client.on('resources', (u) => routeClusters(u.resources.routes).includes('outbound|80|v1|httpbin-service.default.svc.cluster.local') && resolve(u)));
    writeFileSync(file, edited);
    const update = await next;
    assert.ok(!routeClusters(update.resources.routes).includes('outbound|80|v2|httpbin-service.default.svc.cluster.local'));
    assert.deepEqual(ds.server.pushes.at(-1)!.configs, ['VirtualService/default/httpbin-virtual-service']);
  } finally {
    await client.close();
    await ds.close();
    generator.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
