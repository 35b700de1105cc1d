/**
 * Incremental ADS (DeltaAggregatedResources), driven by hand: wildcard CDS with per-resource
 * versions, only changed resources on a push, removed_resources, named EDS subscribe/unsubscribe,
 * NACK, and a reconnect that reports initial_resource_versions and gets only what differs.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MemoryGenerator, startDiscoveryServer, type RunningDiscoveryServer } from '../../src/discovery/index.ts';
import { syncStatusEntry } from '../../src/discovery/status.ts';
import { decodeResource } from '../../src/envoy/proto.ts';
import { TYPE_URL } from '../../src/envoy/type-urls.ts';
import type { DeltaDiscoveryResponse } from '../../src/envoy/xds-wire.ts';
import { deltaRequest, node, TestAdsClient } from './ads-test-client.ts';
import { clusterName, gatewayBundle } from './fixtures.ts';

let ds: RunningDiscoveryServer;
let gen: MemoryGenerator;
let client: TestAdsClient;
const logs: string[] = [];

before(async () => {
  gen = new MemoryGenerator(gatewayBundle({ weights: { v1: 50, v2: 50 } }));
  ds = await startDiscoveryServer({ grpcPort: 0, httpPort: null, generator: gen, debounceMs: 0, log: (level, m) => logs.push(`${level} ${m}`) });
  client = new TestAdsClient(ds.address);
});
after(async () => {
  client.close();
  await ds.close();
});

const ack = (r: DeltaDiscoveryResponse, extra: Partial<Parameters<typeof deltaRequest>[1]> = {}) => deltaRequest(r.typeUrl, { responseNonce: r.nonce, ...extra });
const versions = (r: DeltaDiscoveryResponse) => Object.fromEntries(r.resources.map((x) => [x.name, x.version]));

async function waitFor(cond: () => boolean, what = cond.toString()): Promise<void> {
  const end = Date.now() + 3000;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`condition not met in time: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('delta: wildcard CDS, named EDS, only changed resources pushed, removals, unsubscribe, NACK, reconnect', async () => {
  const nodeId = 'sidecar~10.0.0.8~reviews-v1-abc.default~default.svc.cluster.local';
  const s = client.delta();
  s.send(deltaRequest(TYPE_URL.cluster, { node: node(nodeId, { app: 'reviews', version: 'v1' }) }));
  const cds = await s.next();
  assert.deepEqual(Object.keys(versions(cds)).sort(), [clusterName('v1'), clusterName('v2')].sort());
  assert.equal(decodeResource<{ name: string }>(cds.typeUrl, cds.resources[0].resource.value).name, cds.resources[0].name);
  assert.deepEqual(cds.removedResources, []);
  s.send(ack(cds));

  s.send(deltaRequest(TYPE_URL.endpoint, { resourceNamesSubscribe: [clusterName('v1')] }));
  const eds = await s.next();
  assert.deepEqual(Object.keys(versions(eds)), [clusterName('v1')]);
  s.send(ack(eds, { resourceNamesSubscribe: [clusterName('v2')] }));
  const eds2 = await s.next();
  assert.deepEqual(Object.keys(versions(eds2)), [clusterName('v2')], 'only the newly subscribed assignment');
  s.send(ack(eds2));
  const conn = () => [...ds.server.connections.values()].find((c) => c.proxy.nodeId === nodeId)!;
  await waitFor(() => syncStatusEntry(conn()).xds.EDS.status === 'SYNCED');
  assert.equal(conn().protocol, 'delta');

  // v1's endpoints change and v2 disappears: one CDS response removing v2, one EDS with v1 and v2 removed.
  gen.update(gatewayBundle({ weights: { v1: 100 }, ports: { v1: 9100 } }));
  ds.server.flush();
  const cds2 = await s.next();
  assert.equal(cds2.typeUrl, TYPE_URL.cluster);
  assert.deepEqual(cds2.resources, []);
  assert.deepEqual(cds2.removedResources, [clusterName('v2')]);
  s.send(ack(cds2));
  const eds3 = await s.next();
  assert.deepEqual(Object.keys(versions(eds3)), [clusterName('v1')]);
  assert.deepEqual(eds3.removedResources, [clusterName('v2')]);

  // NACK: recorded, counted; the server does not resend the same versions.
  s.send(ack(eds3, { errorDetail: { code: 13, message: 'endpoint port out of range' } }));
  await waitFor(() => syncStatusEntry(conn()).xds.EDS.lastNack?.message === 'endpoint port out of range');
  assert.equal(syncStatusEntry(conn()).xds.EDS.status, 'STALE');
  assert.ok(logs.some((l) => l.includes('ADS:EDS: ACK ERROR') && l.includes('endpoint port out of range')));

  // Unsubscribe needs no answer; a later change to the unsubscribed name is not sent.
  s.send(deltaRequest(TYPE_URL.endpoint, { responseNonce: eds3.nonce, resourceNamesUnsubscribe: [clusterName('v1')] }));
  await waitFor(() => !conn().watches.get(TYPE_URL.endpoint)!.names!.has(clusterName('v1')));
  assert.deepEqual([...conn().watches.get(TYPE_URL.endpoint)!.names!], [clusterName('v2')], 'still subscribed to v2, which does not exist now');
  const lastCds = versions(cds);
  s.cancel();

  // Reconnect with what the proxy holds: only the differing cluster is sent.
  const s2 = client.delta();
  const v1Only = gatewayBundle({ weights: { v1: 100 }, ports: { v1: 9100 }, extraClusters: ['outbound|80||ratings.default.svc.cluster.local'] });
  gen.update(v1Only);
  ds.server.flush();
  s2.send(deltaRequest(TYPE_URL.cluster, { node: node(nodeId, { app: 'reviews', version: 'v1' }), initialResourceVersions: { [clusterName('v1')]: lastCds[clusterName('v1')], [clusterName('v2')]: lastCds[clusterName('v2')] } }));
  const re = await s2.next();
  assert.deepEqual(Object.keys(versions(re)), ['outbound|80||ratings.default.svc.cluster.local']);
  assert.deepEqual(re.removedResources, [clusterName('v2')]);
  s2.end();
});
