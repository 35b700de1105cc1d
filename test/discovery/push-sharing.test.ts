/**
 * Pushes are computed once per distinct proxy shape and shared; bursts of changes are debounced
 * into one push; the debug endpoints (syncz, config_dump, push_status, metrics, ready) report it.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MemoryGenerator, startDiscoveryServer, type RunningDiscoveryServer, type SyncStatusEntry } from '../../src/discovery/index.ts';
import { validateResource } from '../../src/envoy/proto.ts';
import { TYPE_URL } from '../../src/envoy/type-urls.ts';
import { ack, node, request, TestAdsClient, type RawStream } from './ads-test-client.ts';
import type { DiscoveryRequest, DiscoveryResponse } from '../../src/envoy/xds-wire.ts';
import { gatewayBundle } from './fixtures.ts';

let ds: RunningDiscoveryServer;
let gen: MemoryGenerator;
let client: TestAdsClient;
const streams: RawStream<DiscoveryRequest, DiscoveryResponse>[] = [];

before(async () => {
  gen = new MemoryGenerator((proxy) => gatewayBundle({ weights: proxy.labels.version === 'canary' ? { v2: 100 } : { v1: 100 } }));
  ds = await startDiscoveryServer({ grpcPort: 0, httpPort: 0, generator: gen, debounceMs: 100, log: () => {} });
  client = new TestAdsClient(ds.address);
});
after(async () => {
  for (const s of streams) s.end();
  client.close();
  await ds.close();
});

async function waitFor(cond: () => boolean | Promise<boolean>): Promise<void> {
  const end = Date.now() + 4000;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function connect(nodeId: string, labels: Record<string, string>): Promise<RawStream<DiscoveryRequest, DiscoveryResponse>> {
  const s = client.sotw();
  streams.push(s);
  s.send(request(TYPE_URL.cluster, { node: node(nodeId, labels) }));
  const cds = await s.next();
  s.send(ack(cds));
  s.send(request(TYPE_URL.route, { resourceNames: ['http.80'] }));
  s.send(ack(await s.next(), ['http.80']));
  return s;
}

const get = async (path: string) => fetch(`http://127.0.0.1:${ds.httpPort}${path}`);

test('three replicas share one generation; a canary with other labels gets its own; a burst is one push', async () => {
  const replicas = await Promise.all(['a', 'b', 'c'].map((x, i) => connect(`router~10.0.1.${i}~gw-${x}.istio-system~istio-system.svc.cluster.local`, { istio: 'ingressgateway' })));
  const canary = await connect('router~10.0.1.9~gw-canary.istio-system~istio-system.svc.cluster.local', { istio: 'ingressgateway', version: 'canary' });
  assert.equal(gen.generateCalls, 2, 'one generation per shape');
  await waitFor(async () => ((await (await get('/debug/syncz')).json()) as SyncStatusEntry[]).every((e) => e.xds.RDS.status === 'SYNCED'));

  const pushesBefore = ds.server.pushes.length;
  const callsBefore = gen.generateCalls;
  for (let i = 0; i < 5; i++) gen.update((proxy) => gatewayBundle({ weights: proxy.labels.version === 'canary' ? { v2: 100 } : { v1: 60 + i, v2: 40 - i } }), { reason: 'config', configs: [`VirtualService/default/httpbin-${i}`] });
  await waitFor(() => ds.server.pushes.length > pushesBefore);
  const rec = ds.server.pushes.at(-1)!;
  assert.equal(ds.server.pushes.length, pushesBefore + 1, 'five changes, one push');
  assert.equal(rec.events, 5);
  assert.equal(rec.configs.length, 5);
  assert.equal(gen.generateCalls - callsBefore, 2, 'generated once per shape for four proxies');
  assert.equal(rec.proxiesPushed, 3, 'the canary saw no change');
  for (const s of replicas) assert.equal((await s.next()).typeUrl, TYPE_URL.cluster);
  assert.equal(canary.pending, 0);
});

test('debug endpoints: syncz, config_dump (a valid envoy.admin.v3.ConfigDump), push_status, metrics, ready', async () => {
  const syncz = (await (await get('/debug/syncz')).json()) as SyncStatusEntry[];
  assert.deepEqual(syncz.map((e) => e.proxy).sort(), ['gw-a.istio-system', 'gw-b.istio-system', 'gw-c.istio-system', 'gw-canary.istio-system']);
  const canary = syncz.find((e) => e.proxy === 'gw-canary.istio-system')!;
  assert.equal(canary.proxy_type, 'router');
  assert.equal(canary.istio_version, 'sextant-test');
  assert.equal(canary.xds.LDS.status, 'NOT SENT');
  assert.equal(canary.xds.CDS.status, 'SYNCED');

  const dump = (await (await get('/debug/config_dump?proxyID=gw-canary.istio-system')).json()) as { configs: any[] };
  assert.deepEqual(validateResource('type.googleapis.com/envoy.admin.v3.ConfigDump', dump), []);
  const clusters = dump.configs.find((c) => c['@type'].endsWith('ClustersConfigDump'));
  assert.deepEqual(clusters.dynamicActiveClusters.map((c: any) => c.cluster.name), ['outbound|80|v2|httpbin-service.default.svc.cluster.local']);
  const routes = dump.configs.find((c) => c['@type'].endsWith('RoutesConfigDump'));
  assert.equal(routes.dynamicRouteConfigs[0].routeConfig.name, 'http.80');
  assert.equal(routes.dynamicRouteConfigs[0].routeConfig['@type'], TYPE_URL.route);
  assert.equal((await get('/debug/config_dump?proxyID=nobody.nowhere')).status, 404);
  assert.equal((await get('/debug/config_dump')).status, 400);

  const ps = (await (await get('/debug/push_status')).json()) as any;
  assert.equal(ps.connectedProxies, 4);
  assert.equal(ps.shapes.length, 2);
  assert.deepEqual(ps.shapes.map((s: any) => s.proxies).sort(), [1, 3]);

  const metrics = await (await get('/metrics')).text();
  assert.match(metrics, /^pilot_xds 4$/m);
  assert.match(metrics, /^pilot_xds_pushes\{type="cds"\} \d+$/m);
  assert.match(metrics, /^pilot_proxy_convergence_time_count \d+$/m);
  assert.match(metrics, /^pilot_push_triggers\{type="config"\} 5$/m);
  assert.equal((await get('/ready')).status, 200);
  assert.equal((await get('/nope')).status, 404);
});

test('replicas of one shape are sent one shared encoded response; a stream never sees a nonce twice for a type', async () => {
  const [a, b] = await Promise.all(['d', 'e'].map((x, i) => connect(`router~10.0.2.${i}~gw-${x}.istio-system~istio-system.svc.cluster.local`, { istio: 'ingressgateway' })));
  gen.update((proxy) => gatewayBundle({ weights: proxy.labels.version === 'canary' ? { v2: 100 } : { v1: 20, v2: 80 } }));
  ds.server.flush();
  const rdsOf = async (s: RawStream<DiscoveryRequest, DiscoveryResponse>) => {
    for (;;) {
      const r = await s.next();
      if (r.typeUrl === TYPE_URL.route) return r;
      s.send(ack(r));
    }
  };
  const [ra, rb] = await Promise.all([rdsOf(a), rdsOf(b)]);
  assert.equal(ra.versionInfo, rb.versionInfo);
  assert.equal(ra.nonce, rb.nonce, 'the same encoded response (nonce included) went to both replicas');
  a.send(ack(ra, ['http.80']));
  // Asking again without a nonce (as after a restart of the subscription) resends the same version under a new nonce.
  a.send(request(TYPE_URL.route, { resourceNames: ['http.80'] }));
  const again = await a.next();
  assert.equal(again.versionInfo, ra.versionInfo);
  assert.notEqual(again.nonce, ra.nonce);
  a.send(ack(again, ['http.80']));
  await waitFor(() => [...ds.server.connections.values()].some((c) => c.proxy.id === 'gw-d.istio-system' && c.watches.get(TYPE_URL.route)?.nonceAcked === again.nonce));
});
