/**
 * Child process of bench/xds.ts: N simulated Envoys, each on its own gRPC connection, doing what
 * Envoy does on ADS — CDS and LDS wildcard, EDS and RDS for the names they reference — and ACKing
 * every response. Protocol on stdio (JSON lines): prints {synced, at} when all N have ACKed their
 * first full configuration; on stdin `{"watch":"RDS"}` it records, per client, when it ACKs an RDS
 * response with a new version, and prints {converged, at, slowest} once all N have.
 */
import * as grpc from '@grpc/grpc-js';
import { createInterface } from 'node:readline';
import { decodeResource } from '../src/envoy/proto.ts';
import { TYPE_URL } from '../src/envoy/type-urls.ts';
import { adsServiceDefinition, type DiscoveryRequest, type DiscoveryResponse } from '../src/envoy/xds-wire.ts';

const [address, countText, shapesText] = process.argv.slice(2);
const count = Number(countText);
const shapes = Number(shapesText);
const AdsClient = grpc.makeGenericClientConstructor(adsServiceDefinition(), 'AggregatedDiscoveryService');
const now = () => performance.timeOrigin + performance.now();
const out = (o: unknown) => process.stdout.write(JSON.stringify(o) + '\n');

interface Sim {
  versions: Map<string, string>;
  synced: boolean;
  baselineRds?: string;
  convergedAt?: number;
}

const sims: Sim[] = [];
let syncedCount = 0;
let watching = false;
let convergedCount = 0;

function namesOf(res: DiscoveryResponse, pick: (r: any) => string[]): string[] {
  return [...new Set(res.resources.flatMap((a) => pick(decodeResource(a.typeUrl, a.value))))].sort();
}

function start(i: number): void {
  const client = new AdsClient(address, grpc.credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 }) as unknown as { StreamAggregatedResources(): grpc.ClientDuplexStream<DiscoveryRequest, DiscoveryResponse> };
  const stream = client.StreamAggregatedResources();
  const sim: Sim = { versions: new Map(), synced: false };
  sims.push(sim);
  const names = new Map<string, string[]>();
  stream.on('data', (res: DiscoveryResponse) => {
    // Like Envoy: CDS names the EDS it needs, LDS the RDS; every response is ACKed with the current names.
    if (res.typeUrl === TYPE_URL.cluster) {
      const eds = namesOf(res, (c) => (c.type === 'EDS' ? [c.edsClusterConfig?.serviceName || c.name] : []));
      if (JSON.stringify(eds) !== JSON.stringify(names.get(TYPE_URL.endpoint))) {
        names.set(TYPE_URL.endpoint, eds);
        stream.write({ versionInfo: sim.versions.get(TYPE_URL.endpoint) ?? '', resourceNames: eds, typeUrl: TYPE_URL.endpoint, responseNonce: '' });
      }
    }
    if (res.typeUrl === TYPE_URL.listener) {
      const rds = namesOf(res, (l) => (l.filterChains ?? []).flatMap((fc: any) => fc.filters.map((f: any) => f.typedConfig?.rds?.routeConfigName).filter(Boolean)));
      if (JSON.stringify(rds) !== JSON.stringify(names.get(TYPE_URL.route))) {
        names.set(TYPE_URL.route, rds);
        stream.write({ versionInfo: sim.versions.get(TYPE_URL.route) ?? '', resourceNames: rds, typeUrl: TYPE_URL.route, responseNonce: '' });
      }
    }
    sim.versions.set(res.typeUrl, res.versionInfo);
    stream.write({ versionInfo: res.versionInfo, resourceNames: names.get(res.typeUrl) ?? [], typeUrl: res.typeUrl, responseNonce: res.nonce });
    if (!sim.synced && sim.versions.size === 4) {
      sim.synced = true;
      if (++syncedCount === count) out({ synced: true, at: now() });
    }
    if (watching && res.typeUrl === TYPE_URL.route && res.versionInfo !== sim.baselineRds && sim.convergedAt === undefined) {
      sim.convergedAt = now();
      if (++convergedCount === count) out({ converged: true, at: Math.max(...sims.map((s) => s.convergedAt!)) });
    }
  });
  stream.on('error', (e: Error) => out({ error: `client ${i}: ${e.message}` }));
  const app = `app-${i % shapes}`;
  const id = `sidecar~10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}~${app}-${i}.bench~bench.svc.cluster.local`;
  stream.write({ versionInfo: '', resourceNames: [], typeUrl: TYPE_URL.cluster, responseNonce: '', node: { id, metadata: { LABELS: { app }, NAMESPACE: 'bench', CLUSTER_ID: 'Kubernetes', ISTIO_VERSION: 'bench' } } });
  stream.write({ versionInfo: '', resourceNames: [], typeUrl: TYPE_URL.listener, responseNonce: '' });
}

createInterface({ input: process.stdin }).on('line', (line) => {
  const msg = JSON.parse(line) as { watch?: string };
  if (msg.watch === 'RDS') {
    for (const s of sims) s.baselineRds = s.versions.get(TYPE_URL.route);
    watching = true;
    out({ watching: true });
  }
});

for (let i = 0; i < count; i++) start(i);
