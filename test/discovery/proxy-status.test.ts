/** `sextant proxy-status` against a running discovery server: the istioctl table, NACK lines, detail view, errors. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { main } from '../../src/cli/main.ts';
import type { CliIO } from '../../src/cli/command.ts';
import { MemoryGenerator, startDiscoveryServer, type RunningDiscoveryServer } from '../../src/discovery/index.ts';
import { TYPE_URL } from '../../src/envoy/type-urls.ts';
import { ack, node, request, TestAdsClient } from './ads-test-client.ts';
import { gatewayBundle } from './fixtures.ts';

let ds: RunningDiscoveryServer;
let client: TestAdsClient;

function io(): CliIO & { out: string; err: string } {
  const o = { out: '', err: '', cwd: process.cwd(), readStdin: () => new Uint8Array(), stdout: (t: string) => void (o.out += t), stderr: (t: string) => void (o.err += t) };
  return o;
}

before(async () => {
  ds = await startDiscoveryServer({ grpcPort: 0, httpPort: 0, generator: new MemoryGenerator(gatewayBundle()), debounceMs: 0, log: () => {}, controlPlaneId: 'sextant-discovery-0' });
  client = new TestAdsClient(ds.address);
  const s = client.sotw();
  s.send(request(TYPE_URL.cluster, { node: node() }));
  s.send(ack(await s.next()));
  s.send(request(TYPE_URL.listener));
  const lds = await s.next();
  s.send({ ...ack(lds), versionInfo: '', errorDetail: { code: 3, message: 'bind 0.0.0.0:80: permission denied' } });
  const end = Date.now() + 3000;
  while (![...ds.server.connections.values()].some((c) => c.nacks.length > 0) && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
});
after(async () => {
  client.close();
  await ds.close();
});

test('the table lists each proxy with per-type status, control plane and version, then NACKs', async () => {
  const o = io();
  assert.equal(await main(['proxy-status', '--discovery-address', `127.0.0.1:${ds.httpPort}`], o), 0);
  const lines = o.out.split('\n');
  assert.match(lines[0], /^NAME\s+CLUSTER\s+CDS\s+LDS\s+EDS\s+RDS\s+ECDS\s+ISTIOD\s+VERSION$/);
  assert.match(lines[1], /^istio-ingressgateway-abc\.istio-system\s+Kubernetes\s+SYNCED\s+STALE \(Never Acknowledged\)\s+NOT SENT\s+NOT SENT\s+NOT SENT\s+sextant-discovery-0\s+sextant-test$/);
  assert.match(o.out, /NACK istio-ingressgateway-abc\.istio-system LDS \(kept nothing\): bind 0\.0\.0\.0:80: permission denied/);
});

test('one proxy in detail, and JSON output', async () => {
  const o = io();
  assert.equal(await main(['proxy-status', 'istio-ingressgateway-abc.istio-system', '--discovery-address', `127.0.0.1:${ds.httpPort}`], o), 0);
  assert.match(o.out, /^CDS {2}SYNCED\s+resources 1 /m);
  assert.match(o.out, /NACK at .* bind 0\.0\.0\.0:80: permission denied/);
  const j = io();
  assert.equal(await main(['proxy-status', '-o', 'json', '--discovery-address', `127.0.0.1:${ds.httpPort}`], j), 0);
  assert.equal(JSON.parse(j.out)[0].xds.CDS.status, 'SYNCED');
});

test('an unknown proxy or an unreachable server exits 1 with a clear message', async () => {
  const o = io();
  assert.equal(await main(['proxy-status', 'nobody.default', '--discovery-address', `127.0.0.1:${ds.httpPort}`], o), 1);
  assert.match(o.err, /proxy "nobody.default" is not connected; connected: istio-ingressgateway-abc.istio-system/);
  const u = io();
  assert.equal(await main(['proxy-status', '--discovery-address', '127.0.0.1:1'], u), 1);
  assert.match(u.err, /cannot reach the discovery server at 127.0.0.1:1/);
});
