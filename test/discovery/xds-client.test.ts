/**
 * The proxy's XdsClient against the real discovery server: first complete bundle, dynamic EDS
 * subscription, NACK when the proxy's validate rejects a bundle (it keeps the old one), and
 * reconnection with backoff while the last bundle keeps being served.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryGenerator, startDiscoveryServer, type SyncStatusEntry } from '../../src/discovery/index.ts';
import { syncz } from '../../src/discovery/status.ts';
import type { ProxyResources } from '../../src/envoy/types.ts';
import { proxyNode, XdsClient, type XdsUpdate } from '../../src/proxy/xds/index.ts';
import { clusterName, gatewayBundle } from './fixtures.ts';

async function waitFor(cond: () => boolean, what = ''): Promise<void> {
  const end = Date.now() + 5000;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`condition not met in time ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const node = proxyNode({ type: 'router', podName: 'gw-1', namespace: 'istio-system', labels: { istio: 'ingressgateway' } });

test('XdsClient: complete bundles, EDS follows CDS, validate rejection NACKs and keeps the old bundle', async () => {
  const gen = new MemoryGenerator(gatewayBundle());
  const ds = await startDiscoveryServer({ grpcPort: 0, httpPort: null, generator: gen, debounceMs: 0, log: () => {} });
  const seen: ProxyResources[] = [];
  let reject: string | undefined;
  const client = new XdsClient({
    address: ds.address,
    node,
    validate: (r) => {
      seen.push(r);
      // The shape Proxy.apply() returns.
      return reject ? { accepted: false, errors: [reject] } : { accepted: true, errors: [] };
    },
  });
  try {
    client.start();
    const first = await client.whenReady();
    assert.deepEqual(first.listeners.map((l) => l.name), ['0.0.0.0_80']);
    assert.deepEqual(first.routes.map((r) => r.name), ['http.80']);
    assert.deepEqual(first.clusters.map((c) => c.name), [clusterName('v1')]);
    assert.deepEqual(first.endpoints.map((e) => e.clusterName), [clusterName('v1')]);
    assert.equal(seen.length, 1, 'validate only sees complete bundles');
    await waitFor(() => syncz(ds.server).every((e: SyncStatusEntry) => ['CDS', 'EDS', 'LDS', 'RDS'].every((t) => e.xds[t as 'CDS'].status === 'SYNCED')), 'all SYNCED');

    const next = new Promise<XdsUpdate>((resolve) => client.once('resources', resolve));
    gen.update(gatewayBundle({ weights: { v1: 50, v2: 50 } }));
    ds.server.flush();
    const second = (await next).resources;
    assert.deepEqual(second.clusters.map((c) => c.name).sort(), [clusterName('v1'), clusterName('v2')].sort());
    assert.deepEqual(second.endpoints.map((e) => e.clusterName).sort(), [clusterName('v1'), clusterName('v2')].sort(), 'the new EDS name was subscribed');
    assert.equal(second.routes[0].virtualHosts![0].routes![0].route!.weightedClusters!.clusters.length, 2);

    reject = 'listener 0.0.0.0_80: port 80 is already in use';
    const nack = new Promise((resolve) => client.once('nack', resolve));
    gen.update(gatewayBundle({ weights: { v1: 10, v2: 90 } }));
    ds.server.flush();
    await nack;
    await waitFor(() => syncz(ds.server)[0].xds.RDS.lastNack !== undefined, 'NACK recorded');
    const entry = syncz(ds.server)[0];
    assert.equal(entry.xds.RDS.status, 'STALE');
    assert.equal(entry.xds.RDS.lastNack!.message, 'listener 0.0.0.0_80: port 80 is already in use');
    assert.equal(client.resources, second, 'the proxy keeps the previous bundle');

    reject = undefined;
    const fixed = new Promise<XdsUpdate>((resolve) => client.once('resources', resolve));
    gen.update(gatewayBundle({ weights: { v1: 20, v2: 80 } }));
    ds.server.flush();
    assert.equal((await fixed).resources.routes[0].virtualHosts![0].routes![0].route!.weightedClusters!.clusters[1].weight, 80);
    await waitFor(() => syncz(ds.server)[0].xds.RDS.status === 'SYNCED', 'SYNCED after the fix');
  } finally {
    await client.close();
    await ds.close();
  }
});

test('XdsClient: reconnects with backoff when the server goes away and keeps serving its last bundle', async () => {
  const gen = new MemoryGenerator(gatewayBundle());
  let ds = await startDiscoveryServer({ grpcPort: 0, httpPort: null, generator: gen, debounceMs: 0, log: () => {} });
  const port = ds.grpcPort;
  let applied = 0;
  const client = new XdsClient({ address: ds.address, node, backoff: { initialMs: 50, maxMs: 200 }, validate: () => (applied++, { ok: true }) });
  try {
    client.start();
    const first = await client.whenReady();
    assert.equal(applied, 1);
    const versions = client.versions;
    const down = new Promise((resolve) => client.once('disconnected', resolve));
    await ds.close();
    await down;
    assert.equal(client.connected, false);
    assert.equal(client.resources, first, 'still serving the last configuration');
    await waitFor(() => client.streams >= 3, 'kept trying');

    // Same configuration after the restart: ACKed (SYNCED) without applying it again.
    ds = await startDiscoveryServer({ grpcPort: port, httpPort: null, generator: gen, debounceMs: 0, log: () => {} });
    await waitFor(() => client.connected && syncz(ds.server).some((e) => (['CDS', 'EDS', 'LDS', 'RDS'] as const).every((t) => e.xds[t].status === 'SYNCED')), 'SYNCED after reconnect');
    assert.equal(applied, 1, 'an identical bundle is not re-applied');
    assert.equal(client.resources, first);
    await ds.close();

    gen.update(gatewayBundle({ weights: { v1: 70, v2: 30 } }));
    ds = await startDiscoveryServer({ grpcPort: port, httpPort: null, generator: gen, debounceMs: 0, log: () => {} });
    const update = await new Promise<XdsUpdate>((resolve) => client.once('resources', resolve));
    assert.equal(client.connected, true);
    assert.equal(update.resources.clusters.length, 2);
    assert.notEqual(update.versions.CDS, versions.CDS);
    const conn = [...ds.server.connections.values()][0];
    assert.equal(conn.proxy.id, 'gw-1.istio-system');
  } finally {
    await client.close();
    await ds.close();
  }
});
