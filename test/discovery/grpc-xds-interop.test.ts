/**
 * Interop with a client nobody here wrote: @grpc/grpc-js-xds (gRPC's proxyless xDS client) resolves
 * `xds:///echo.default.svc.cluster.local:7070` through our ADS server and obeys what it is sent —
 * weighted routing between two versions, header-based routing, fault injection (abort and delay),
 * retries, and ring-hash affinity — against real in-process gRPC backends.
 */
import * as grpc from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MemoryGenerator, startDiscoveryServer, type RunningDiscoveryServer } from '../../src/discovery/index.ts';
import { syncz } from '../../src/discovery/status.ts';
import { routeClusterNames } from '../../src/envoy/references.ts';
import { TYPE_URL } from '../../src/envoy/type-urls.ts';
import { startEchoBackend, type EchoBackend } from './grpc/echo-backends.ts';
import { XdsClientProcess } from './grpc/xds-client-process.ts';
import { proxylessBundle, TARGET, type ProxylessOptions } from './grpc/proxyless-bundle.ts';

let ds: RunningDiscoveryServer;
let gen: MemoryGenerator;
let client: XdsClientProcess;
const backends: Record<string, EchoBackend> = {};
const NODE_ID = 'sidecar~127.0.0.1~echo-client-7d9f.default~default.svc.cluster.local';

function subsets(): ProxylessOptions['subsets'] {
  return { v1: [backends.v1.port], v2: [backends.v2.port], flaky: [backends.flaky.port], ring: [backends.ringA.port, backends.ringB.port] };
}

/**
 * Serves a new configuration and waits until the gRPC client has ACKed every type of it and has
 * subscribed to (and ACKed) the clusters and endpoints its routes now use — gRPC switches to a new
 * route configuration only once those clusters are resolved.
 */
async function serve(routes: ProxylessOptions['routes'], ringHash: string[] = []): Promise<void> {
  const bundle = proxylessBundle({ routes, subsets: subsets(), ringHash });
  const needed = routeClusterNames(bundle.routes[0]);
  gen.update(bundle);
  ds.server.flush();
  const end = Date.now() + 8000;
  for (;;) {
    const conn = [...ds.server.connections.values()].find((c) => c.proxy.id === 'echo-client-7d9f.default');
    const e = syncz(ds.server).find((x) => x.proxy === 'echo-client-7d9f.default');
    const watching = (typeUrl: string) => needed.every((n) => conn?.watches.get(typeUrl)?.resourceNames.includes(n));
    if (e && (['LDS', 'RDS', 'CDS', 'EDS'] as const).every((t) => e.xds[t].status === 'SYNCED') && watching(TYPE_URL.cluster) && watching(TYPE_URL.endpoint)) break;
    if (Date.now() > end) throw new Error(`gRPC client did not ACK in time: ${JSON.stringify(e?.xds)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 50)); // the channel applies the new config right after its last ACK
}

/** One Echo call through the proxyless client; rejects with the gRPC status code on failure. */
async function echo(metadata: Record<string, string> = {}): Promise<{ server: string; attempt: number; elapsedMs: number }> {
  const r = await client.call(metadata);
  if (r.code !== 0) throw Object.assign(new Error(`gRPC status ${r.code}: ${r.details}`), { code: r.code });
  return { server: r.server!, attempt: r.attempt!, elapsedMs: r.elapsedMs };
}

async function tally(n: number, metadata: (i: number) => Record<string, string> = () => ({})): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const r = await echo(metadata(i));
    counts[r.server] = (counts[r.server] ?? 0) + 1;
  }
  return counts;
}

before(async () => {
  for (const name of ['v1', 'v2', 'flaky', 'ringA', 'ringB']) backends[name] = await startEchoBackend(name);
  gen = new MemoryGenerator(proxylessBundle({ routes: [{ weights: { v1: 100 } }], subsets: subsets() }), { servesProxylessGrpc: true });
  ds = await startDiscoveryServer({ grpcPort: 0, httpPort: null, generator: gen, debounceMs: 0, log: () => {} });
  client = new XdsClientProcess(TARGET, {
    xds_servers: [{ server_uri: ds.address, channel_creds: [{ type: 'insecure' }], server_features: ['xds_v3'] }],
    node: { id: NODE_ID, locality: {}, metadata: { GENERATOR: 'grpc', NAMESPACE: 'default', CLUSTER_ID: 'Kubernetes', LABELS: { app: 'echo-client' } } },
  });
  await client.ready;
  await echo(); // channels are lazy: the first call makes the client resolve through our server
});

after(async () => {
  client.close();
  await ds.close();
  for (const b of Object.values(backends)) await b.close();
});

test('the proxyless client resolves through our server: all traffic to v1, then a push moves it to v2', async () => {
  await serve([{ weights: { v1: 100 } }]);
  assert.deepEqual(await tally(10), { v1: 10 });
  const entry = syncz(ds.server).find((x) => x.proxy === 'echo-client-7d9f.default')!;
  assert.match(entry.istio_version, /gRPC Node/);
  assert.deepEqual(ds.server.connections.size, 1);
  await serve([{ weights: { v2: 100 } }]);
  assert.deepEqual(await tally(10), { v2: 10 });
});

test('weighted routing 75/25 between two versions', async () => {
  await serve([{ weights: { v1: 75, v2: 25 } }]);
  const counts = await tally(200);
  assert.equal((counts.v1 ?? 0) + (counts.v2 ?? 0), 200);
  assert.ok(counts.v2 >= 20 && counts.v2 <= 90, `v2 got ${counts.v2}/200 for weight 25`);
});

test('header-based routing: x-user: jason goes to v2, everyone else to v1', async () => {
  await serve([{ match: { prefix: '', headers: [{ name: 'x-user', stringMatch: { exact: 'jason' } }] }, weights: { v2: 100 } }, { weights: { v1: 100 } }]);
  assert.deepEqual(await tally(5, () => ({ 'x-user': 'jason' })), { v2: 5 });
  assert.deepEqual(await tally(5, () => ({ 'x-user': 'alice' })), { v1: 5 });
  assert.deepEqual(await tally(5), { v1: 5 });
});

test('fault injection: abort with a gRPC status, and a fixed delay', async () => {
  await serve([
    { match: { prefix: '', headers: [{ name: 'x-fault', stringMatch: { exact: 'abort' } }] }, weights: { v1: 100 }, fault: { abort: { grpcStatus: grpc.status.PERMISSION_DENIED, percentage: { numerator: 100 } } } },
    { match: { prefix: '', headers: [{ name: 'x-fault', stringMatch: { exact: 'delay' } }] }, weights: { v1: 100 }, fault: { delay: { fixedDelay: '0.300s', percentage: { numerator: 100 } } } },
    { weights: { v1: 100 } },
  ]);
  const before = backends.v1.calls;
  await assert.rejects(echo({ 'x-fault': 'abort' }), (e: { code: number }) => e.code === grpc.status.PERMISSION_DENIED);
  assert.equal(backends.v1.calls, before, 'an aborted call never reaches the backend');
  const delayed = await echo({ 'x-fault': 'delay' });
  assert.equal(delayed.server, 'v1');
  assert.ok(delayed.elapsedMs >= 290, 'the delay was applied');
  assert.equal((await echo()).server, 'v1');
});

test('retries: retryOn unavailable recovers from two failed attempts; without a policy the call fails', async () => {
  backends.flaky.failFirst = 2;
  await serve([{ weights: { flaky: 100 }, retryPolicy: { retryOn: 'unavailable', numRetries: 3, retryBackOff: { baseInterval: '0.010s' } } }]);
  const r = await echo({ 'x-request-id': 'retry-1' });
  assert.equal(r.server, 'flaky');
  assert.equal(r.attempt, 3, 'two failed attempts, the third answered');
  await serve([{ weights: { flaky: 100 } }]);
  await assert.rejects(echo({ 'x-request-id': 'retry-2' }), (e: { code: number }) => e.code === grpc.status.UNAVAILABLE);
  backends.flaky.failFirst = 0;
});

test('ring hash: a header hash policy pins each user to one endpoint, and users spread over both', async () => {
  await serve([{ weights: { ring: 100 }, hashPolicy: [{ header: { headerName: 'x-user' } }] }], ['ring']);
  const byUser = new Map<string, Set<string>>();
  for (let round = 0; round < 4; round++) {
    for (let u = 0; u < 16; u++) {
      const r = await echo({ 'x-user': `user-${u}` });
      if (!byUser.has(`user-${u}`)) byUser.set(`user-${u}`, new Set());
      byUser.get(`user-${u}`)!.add(r.server);
    }
  }
  for (const [user, servers] of byUser) assert.equal(servers.size, 1, `${user} hit ${[...servers]}`);
  const used = new Set([...byUser.values()].flatMap((s) => [...s]));
  assert.deepEqual([...used].sort(), ['ringA', 'ringB']);
});
