/**
 * Proxyless gRPC against the real pipeline: Istio YAML (Service, WorkloadEntries, DestinationRule,
 * VirtualService) → snapshot → sidecar generation → the server's proxyless-gRPC form → a
 * @grpc/grpc-js-xds client (GENERATOR: grpc) that obeys the VirtualService: header match, weights,
 * fault abort, and the DestinationRule's consistent hash.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { meshTranslation } from '../../src/cli/discovery/translation.ts';
import { startDiscoveryServer, type RunningDiscoveryServer } from '../../src/discovery/index.ts';
import { SnapshotGenerator } from '../../src/discovery/snapshot-generator.ts';
import { syncz } from '../../src/discovery/status.ts';
import { startEchoBackend, type EchoBackend } from './grpc/echo-backends.ts';
import { XdsClientProcess } from './grpc/xds-client-process.ts';

const HOST = 'echo.default.svc.cluster.local';
const TARGET = `${HOST}:7070`;
const backends: Record<string, EchoBackend> = {};
let dir: string;
let generator: SnapshotGenerator<unknown>;
let ds: RunningDiscoveryServer;
let client: XdsClientProcess;

const workload = (name: string, version: string) => `apiVersion: networking.istio.io/v1beta1
kind: WorkloadEntry
metadata: {name: echo-${name.toLowerCase()}, namespace: default}
spec:
  address: 127.0.0.1
  ports: {grpc: ${backends[name].port}}
  labels: {app: echo, version: ${version}}
`;

function mesh(virtualServiceHttp: string, consistentHash = false): string {
  return [
    `apiVersion: v1
kind: Service
metadata: {name: echo, namespace: default}
spec:
  selector: {app: echo}
  ports:
  - {name: grpc, port: 7070, targetPort: 7070}
`,
    workload('v1', 'v1'),
    workload('v2', 'v2'),
    workload('ringA', 'ring'),
    workload('ringB', 'ring'),
    `apiVersion: networking.istio.io/v1beta1
kind: DestinationRule
metadata: {name: echo, namespace: default}
spec:
  host: echo.default.svc.cluster.local
  subsets:
  - {name: v1, labels: {version: v1}}
  - {name: v2, labels: {version: v2}}
  - name: ring
    labels: {version: ring}
    trafficPolicy: {loadBalancer: ${consistentHash ? '{consistentHash: {httpHeaderName: x-user}}' : '{simple: ROUND_ROBIN}'}}
`,
    `apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: echo, namespace: default}
spec:
  hosts: [echo.default.svc.cluster.local]
  http:
${virtualServiceHttp}`,
  ].join('---\n');
}

async function serve(yaml: string): Promise<void> {
  const before = ds.server.pushVersion;
  writeFileSync(join(dir, 'mesh.yaml'), yaml);
  if (generator.reload().length === 0) throw new Error('configuration did not change');
  ds.server.flush();
  const end = Date.now() + 8000;
  while (Date.now() < end) {
    const e = syncz(ds.server).find((x) => x.proxy === 'echo-client-1.default');
    if (ds.server.pushVersion > before && e && (['LDS', 'RDS', 'CDS', 'EDS'] as const).every((t) => e.xds[t].status === 'SYNCED')) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 100)); // gRPC switches to the new route once the clusters it names resolve
}

async function tally(n: number, metadata: (i: number) => Record<string, string> = () => ({})): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const r = await client.call(metadata(i));
    const key = r.code === 0 ? r.server! : `status-${r.code}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

before(async () => {
  for (const name of ['v1', 'v2', 'ringA', 'ringB']) backends[name] = await startEchoBackend(name);
  dir = mkdtempSync(join(tmpdir(), 'sextant-grpc-istio-'));
  writeFileSync(join(dir, 'mesh.yaml'), mesh(`  - route:\n    - destination: {host: echo.default.svc.cluster.local, subset: v1}\n`));
  generator = new SnapshotGenerator({ paths: [dir], translation: meshTranslation() as never, watch: false, log: () => {} });
  ds = await startDiscoveryServer({ grpcPort: 0, httpPort: null, generator, debounceMs: 0, log: () => {} });
  client = new XdsClientProcess(TARGET, {
    xds_servers: [{ server_uri: ds.address, channel_creds: [{ type: 'insecure' }], server_features: ['xds_v3'] }],
    node: { id: 'sidecar~127.0.0.1~echo-client-1.default~default.svc.cluster.local', locality: {}, metadata: { GENERATOR: 'grpc', NAMESPACE: 'default', LABELS: { app: 'echo-client' } } },
  });
  await client.ready;
});

after(async () => {
  client?.close();
  await ds?.close();
  generator?.close();
  for (const b of Object.values(backends)) await b.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a VirtualService routes proxyless gRPC: subset, then header match and weights', async () => {
  assert.deepEqual(await tally(5), { v1: 5 });
  await serve(
    mesh(`  - match:
    - headers: {x-user: {exact: jason}}
    route:
    - destination: {host: echo.default.svc.cluster.local, subset: v2}
  - route:
    - destination: {host: echo.default.svc.cluster.local, subset: v1}
      weight: 50
    - destination: {host: echo.default.svc.cluster.local, subset: v2}
      weight: 50
`),
  );
  assert.deepEqual(await tally(5, () => ({ 'x-user': 'jason' })), { v2: 5 });
  const split = await tally(60);
  assert.ok(split.v1 > 5 && split.v2 > 5, `50/50 split: ${JSON.stringify(split)}`);
});

test('a VirtualService fault abort reaches gRPC as UNAVAILABLE (HTTP 503)', async () => {
  await serve(
    mesh(`  - fault:
      abort: {httpStatus: 503, percentage: {value: 100}}
    route:
    - destination: {host: echo.default.svc.cluster.local, subset: v1}
`),
  );
  assert.deepEqual(await tally(3), { 'status-14': 3 });
});

test("a DestinationRule's consistentHash on a header pins each user to one endpoint", async () => {
  await serve(mesh(`  - route:\n    - destination: {host: echo.default.svc.cluster.local, subset: ring}\n`, true));
  const byUser = new Map<string, Set<string>>();
  for (let round = 0; round < 3; round++) {
    for (let u = 0; u < 16; u++) {
      const r = await client.call({ 'x-user': `user-${u}` });
      assert.equal(r.code, 0, r.details);
      byUser.set(`user-${u}`, (byUser.get(`user-${u}`) ?? new Set()).add(r.server!));
    }
  }
  for (const [user, servers] of byUser) assert.equal(servers.size, 1, `${user} hit ${[...servers]}`);
  assert.deepEqual([...new Set([...byUser.values()].flatMap((s) => [...s]))].sort(), ['ringA', 'ringB']);
});
