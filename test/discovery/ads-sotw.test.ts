/**
 * State-of-the-world ADS protocol, driven by hand over real gRPC: initial requests, ACK, NACK (the
 * proxy keeps its version), stale nonces, resubscription by name, push order and "no push when
 * nothing visible changed", reconnect, and rejection of a malformed node id.
 */
import * as grpc from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MemoryGenerator, startDiscoveryServer, type RunningDiscoveryServer } from '../../src/discovery/index.ts';
import { syncStatusEntry } from '../../src/discovery/status.ts';
import { TYPE_URL } from '../../src/envoy/type-urls.ts';
import type { DiscoveryResponse } from '../../src/envoy/xds-wire.ts';
import { ack, decoded, names, node, request, TestAdsClient, type RawStream } from './ads-test-client.ts';
import type { DiscoveryRequest } from '../../src/envoy/xds-wire.ts';
import { clusterName, gatewayBundle } from './fixtures.ts';

let ds: RunningDiscoveryServer;
let gen: MemoryGenerator;
const logs: string[] = [];
const clients: TestAdsClient[] = [];

before(async () => {
  gen = new MemoryGenerator(gatewayBundle());
  ds = await startDiscoveryServer({ grpcPort: 0, httpPort: null, generator: gen, debounceMs: 0, log: (level, m) => logs.push(`${level} ${m}`) });
});
after(async () => {
  for (const c of clients) c.close();
  await ds.close();
});

function client(): TestAdsClient {
  const c = new TestAdsClient(ds.address);
  clients.push(c);
  return c;
}

/** Subscribes to all four types the way Envoy does and ACKs each; returns the stream and last responses. */
async function subscribeAll(s: RawStream<DiscoveryRequest, DiscoveryResponse>, nodeId?: string) {
  const n = node(nodeId);
  s.send(request(TYPE_URL.cluster, { node: n }));
  const cds = await s.next();
  s.send(ack(cds));
  s.send(request(TYPE_URL.endpoint, { resourceNames: names(cds) }));
  const eds = await s.next();
  s.send(ack(eds, names(cds)));
  s.send(request(TYPE_URL.listener));
  const lds = await s.next();
  s.send(ack(lds));
  s.send(request(TYPE_URL.route, { resourceNames: ['http.80'] }));
  const rds = await s.next();
  s.send(ack(rds, ['http.80']));
  return { cds, eds, lds, rds };
}

async function settle(): Promise<void> {
  await new Promise((r) => setTimeout(r, 50));
}

async function waitFor(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function connectionOf(proxyId: string) {
  return [...ds.server.connections.values()].find((c) => c.proxy.id === proxyId)!;
}

test('initial requests are answered per type; wildcard CDS/LDS, named EDS/RDS; ACKs make it SYNCED', async () => {
  gen.update(gatewayBundle({ weights: { v1: 90, v2: 10 } }));
  ds.server.flush();
  const s = client().sotw();
  const { cds, eds, lds, rds } = await subscribeAll(s, 'router~10.0.0.1~gw-a.istio-system~istio-system.svc.cluster.local');
  assert.deepEqual(names(cds).sort(), [clusterName('v1'), clusterName('v2')].sort());
  assert.equal(cds.typeUrl, TYPE_URL.cluster);
  assert.ok(cds.versionInfo && cds.nonce);
  assert.deepEqual(names(eds).sort(), [clusterName('v1'), clusterName('v2')].sort());
  assert.deepEqual(names(lds), ['0.0.0.0_80']);
  assert.deepEqual(names(rds), ['http.80']);
  assert.equal((decoded<any>(rds)[0].virtualHosts[0].routes[0].route.weightedClusters.clusters as unknown[]).length, 2);
  await settle();
  const st = syncStatusEntry(connectionOf('gw-a.istio-system'));
  assert.deepEqual([st.xds.CDS.status, st.xds.EDS.status, st.xds.LDS.status, st.xds.RDS.status, st.xds.SDS.status], ['SYNCED', 'SYNCED', 'SYNCED', 'SYNCED', 'NOT SENT']);
  assert.equal(st.xds.RDS.versionAcked, rds.versionInfo);
  assert.equal(st.route_acked, rds.nonce);
  assert.equal(st.cluster_id, 'Kubernetes');
  s.end();
});

test('EDS by name returns only the named assignments; resubscribing in an ACK sends the new selection', async () => {
  gen.update(gatewayBundle({ weights: { v1: 50, v2: 50 } }));
  ds.server.flush();
  const s = client().sotw();
  s.send(request(TYPE_URL.endpoint, { node: node('sidecar~10.0.0.7~app-1.default~default.svc.cluster.local', { app: 'x' }), resourceNames: [clusterName('v1')] }));
  const first = await s.next();
  assert.deepEqual(names(first), [clusterName('v1')]);
  s.send(ack(first, [clusterName('v1'), clusterName('v2')]));
  const second = await s.next();
  assert.deepEqual(names(second), [clusterName('v1'), clusterName('v2')]);
  assert.notEqual(second.versionInfo, first.versionInfo);
  s.send(ack(second, [clusterName('v1'), clusterName('v2')]));
  s.send(request(TYPE_URL.endpoint, { resourceNames: ['does-not-exist'], responseNonce: second.nonce, versionInfo: second.versionInfo }));
  const third = await s.next();
  assert.deepEqual(names(third), []);
  s.end();
});

test('a change pushes only the types that changed, in CDS → EDS → LDS → RDS order', async () => {
  gen.update(gatewayBundle({ weights: { v1: 100 } }));
  ds.server.flush();
  const s = client().sotw();
  const { eds } = await subscribeAll(s, 'router~10.0.0.2~gw-b.istio-system~istio-system.svc.cluster.local');
  await settle();

  gen.update(gatewayBundle({ weights: { v1: 100 } }));
  ds.server.flush();
  assert.equal(ds.server.pushes.at(-1)!.responses, 0, 'identical configuration: no response to anyone');

  const changed = gatewayBundle({ weights: { v1: 100 }, ports: { v1: 9001 } });
  changed.clusters[0].connectTimeout = '5s';
  (changed.listeners[0].filterChains![0].filters[0].typedConfig as any).statPrefix = 'changed';
  changed.routes[0].virtualHosts![0].domains.push('other.local');
  gen.update(changed);
  ds.server.flush();
  const order: string[] = [];
  for (let i = 0; i < 4; i++) order.push((await s.next()).typeUrl);
  assert.deepEqual(order, [TYPE_URL.cluster, TYPE_URL.endpoint, TYPE_URL.listener, TYPE_URL.route]);

  const split = gatewayBundle({ weights: { v1: 80, v2: 20 }, ports: { v1: 9001 } });
  (split.listeners[0].filterChains![0].filters[0].typedConfig as any).statPrefix = 'changed';
  gen.update(split);
  ds.server.flush();
  const cds = await s.next();
  assert.equal(cds.typeUrl, TYPE_URL.cluster);
  assert.equal((await s.next()).typeUrl, TYPE_URL.route, 'EDS for the subscribed v1 did not change, LDS did not change');
  assert.equal(s.pending, 0);
  // Like Envoy: the new cluster makes the proxy ask for its endpoints.
  s.send(ack(cds));
  s.send({ versionInfo: eds.versionInfo, resourceNames: names(cds), typeUrl: TYPE_URL.endpoint, responseNonce: connectionOf('gw-b.istio-system').watches.get(TYPE_URL.endpoint)!.nonceSent! });
  assert.deepEqual((names(await s.next())).sort(), [clusterName('v1'), clusterName('v2')].sort());
  s.end();
});

test('a NACK is logged with its error_detail, recorded, counted; the proxy keeps its acked version', async () => {
  const s = client().sotw();
  const { rds } = await subscribeAll(s, 'router~10.0.0.3~gw-c.istio-system~istio-system.svc.cluster.local');
  await waitFor(() => connectionOf('gw-c.istio-system').watches.get(TYPE_URL.route)!.nonceAcked === rds.nonce);
  gen.update(gatewayBundle({ weights: { v1: 30, v2: 70 } }));
  ds.server.flush();
  let next = await s.next();
  while (next.typeUrl !== TYPE_URL.route) {
    s.send(ack(next, next.typeUrl === TYPE_URL.endpoint ? names(next) : []));
    next = await s.next();
  }
  s.send({ versionInfo: rds.versionInfo, resourceNames: ['http.80'], typeUrl: TYPE_URL.route, responseNonce: next.nonce, errorDetail: { code: 3, message: 'Unknown cluster in weighted_clusters' } });
  await settle();
  const st = syncStatusEntry(connectionOf('gw-c.istio-system'));
  assert.equal(st.xds.RDS.status, 'STALE');
  assert.equal(st.xds.RDS.versionAcked, rds.versionInfo, 'the proxy keeps the version it had');
  assert.equal(st.xds.RDS.versionSent, next.versionInfo);
  assert.equal(st.xds.RDS.lastNack?.message, 'Unknown cluster in weighted_clusters');
  assert.ok(logs.some((l) => l.startsWith('warn ADS:RDS: ACK ERROR') && l.includes('Unknown cluster in weighted_clusters')));
  const metrics = await ds.server.metrics.registry.metrics();
  assert.match(metrics, /pilot_total_xds_rejects\{type="rds"\} 1/);
  s.end();
});

test('an ACK carrying an old nonce is stale and ignored', async () => {
  const s = client().sotw();
  s.send(request(TYPE_URL.cluster, { node: node('router~10.0.0.4~gw-d.istio-system~istio-system.svc.cluster.local') }));
  const first = await s.next();
  gen.update(gatewayBundle({ weights: { v1: 10, v2: 90 }, extraClusters: ['outbound|80||extra.default.svc.cluster.local'] }));
  ds.server.flush();
  const second = await s.next();
  s.send(ack(first));
  await settle();
  const conn = connectionOf('gw-d.istio-system');
  assert.equal(syncStatusEntry(conn).xds.CDS.status, 'STALE (Never Acknowledged)');
  s.send(ack(second));
  await settle();
  assert.equal(syncStatusEntry(conn).xds.CDS.status, 'SYNCED');
  s.end();
});

test('reconnect: a new stream with the old version but no nonce is answered in full; the old connection is gone', async () => {
  const c = client();
  const s1 = c.sotw();
  const { cds } = await subscribeAll(s1, 'router~10.0.0.5~gw-e.istio-system~istio-system.svc.cluster.local');
  s1.cancel();
  await waitFor(() => ![...ds.server.connections.values()].some((x) => x.proxy.id === 'gw-e.istio-system'));
  assert.equal([...ds.server.connections.values()].filter((x) => x.proxy.id === 'gw-e.istio-system').length, 0);
  const s2 = c.sotw();
  s2.send(request(TYPE_URL.cluster, { node: node('router~10.0.0.5~gw-e.istio-system~istio-system.svc.cluster.local'), versionInfo: cds.versionInfo }));
  const again = await s2.next();
  assert.deepEqual(names(again), names(cds));
  assert.equal(again.versionInfo, cds.versionInfo, 'same content, same version');
  s2.end();
});

test('a node id that is not TYPE~IP~POD.NS~DOMAIN ends the stream with INVALID_ARGUMENT', async () => {
  const s = client().sotw();
  s.send(request(TYPE_URL.cluster, { node: { id: 'just-a-name' } }));
  const status = await s.status;
  assert.equal(status.code, grpc.status.INVALID_ARGUMENT);
  assert.match(status.details, /not of the form/);
});

test('a bundle that does not encode is not served: proxies keep the last good configuration', async () => {
  gen.update(gatewayBundle({ weights: { v1: 100 } }));
  ds.server.flush();
  const s = client().sotw();
  const { cds } = await subscribeAll(s, 'router~10.0.0.6~gw-f.istio-system~istio-system.svc.cluster.local');
  const bad = gatewayBundle({ weights: { v1: 100 } });
  (bad.clusters[0] as any).conectTimeout = '1s';
  gen.update(bad);
  ds.server.flush();
  const rec = ds.server.pushes.at(-1)!;
  assert.equal(rec.responses, 0);
  assert.match(rec.errors.join('\n'), /CDS outbound\|80\|v1\|httpbin-service.default.svc.cluster.local: conectTimeout: unknown field "conectTimeout"/);
  assert.ok(logs.some((l) => l.startsWith('error configuration for')));
  const s2 = client().sotw();
  s2.send(request(TYPE_URL.cluster, { node: node('router~10.0.0.9~gw-f2.istio-system~istio-system.svc.cluster.local') }));
  assert.equal((await s2.next()).versionInfo, cds.versionInfo, 'a new proxy of the same shape gets the last good configuration');
  s.end();
  s2.end();
});
