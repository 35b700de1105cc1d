/**
 * Child process of bench/xds.ts: N simulated Envoys, each on its own gRPC connection, doing what
 * Envoy does on ADS — CDS and LDS wildcard, EDS and RDS for the names they reference — and ACKing
 * every response. They are kept cheap so the server's figures are the server's: each is one gRPC
 * stream on a minimal HTTP/2 client over its own TCP connection (xds-h2-raw.ts; argument `node`
 * selects node:http2 instead, xds-h2-stream.ts) rather than a gRPC client stack, a light codec
 * (xds-wire-lite.ts), and the names a CDS/LDS response references are read once per distinct
 * response version (the version is a content hash) instead of decoding every copy.
 *
 * Protocol on stdio (JSON lines): prints {synced, at} when all N have ACKed their first full
 * configuration; on stdin `{"watch":"RDS"}` it records each client's current RDS version, and
 * prints {converged, at, cpuMs, types} once every client has ACKed an RDS response with another version
 * (`at` is when the last one did; `cpuMs` is this process's CPU time since the watch; `types` counts
 * the responses received since, per xDS type); `{"quit":true}`
 * exits. Arguments: ADDRESS N SHAPES [raw|node] [PROFILE_FILE: profile from the first watch to quit].
 */
import { createInterface } from 'node:readline';
import { decodeResource } from '../src/envoy/proto.ts';
import { TYPE_URL } from '../src/envoy/type-urls.ts';
import { ADS_SERVICE, type DiscoveryRequest } from '../src/envoy/xds-wire.ts';
import { GrpcH2RawStream } from './xds-h2-raw.ts';
import { GrpcH2Stream } from './xds-h2-stream.ts';
import { startCpuProfile } from './xds-profile.ts';
import { decodeResponseLite, encodeRequestLite, type LiteResponse } from './xds-wire-lite.ts';

const [address, countText, shapesText, transport = 'raw', profileFile] = process.argv.slice(2);
let stopProfile: (() => Promise<unknown>) | undefined;
const count = Number(countText);
const shapes = Number(shapesText);
const PATH = `/${ADS_SERVICE}/StreamAggregatedResources`;
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
let watch: { cpu: NodeJS.CpuUsage; converged: number; lastAt: number; types: Record<string, number> } | undefined;
const SHORT: Record<string, string> = { [TYPE_URL.cluster]: 'CDS', [TYPE_URL.endpoint]: 'EDS', [TYPE_URL.listener]: 'LDS', [TYPE_URL.route]: 'RDS', [TYPE_URL.secret]: 'SDS' };

/** Names referenced by a response, by type URL + version (every client of a shape gets the same bytes). */
const referenced = new Map<string, string[]>();
function namesOf(res: LiteResponse, pick: (r: any) => string[]): string[] {
  const key = `${res.typeUrl}\n${res.versionInfo}`;
  let names = referenced.get(key);
  if (!names) referenced.set(key, (names = [...new Set(res.values.flatMap((v) => pick(decodeResource(res.typeUrl, v))))].sort()));
  return names;
}
const edsNames = (c: any) => (c.type === 'EDS' ? [c.edsClusterConfig?.serviceName || c.name] : []);
const rdsNames = (l: any) => (l.filterChains ?? []).flatMap((fc: any) => fc.filters.map((f: any) => f.typedConfig?.rds?.routeConfigName).filter(Boolean));

function onConverged(sim: Sim): void {
  const t = now();
  sim.convergedAt = t;
  watch!.lastAt = Math.max(watch!.lastAt, t);
  if (++watch!.converged === count) {
    const cpu = process.cpuUsage(watch!.cpu);
    out({ converged: true, at: watch!.lastAt, cpuMs: (cpu.user + cpu.system) / 1000, types: watch!.types });
  }
}

function start(i: number): void {
  const sim: Sim = { versions: new Map(), synced: false };
  sims.push(sim);
  const names = new Map<string, string[]>();
  const handlers = { message: (b: Buffer) => onResponse(decodeResponseLite(b)), error: (e: Error) => out({ error: `client ${i}: ${e.message}` }) };
  const h2 = transport === 'node' ? new GrpcH2Stream(address, PATH, handlers) : new GrpcH2RawStream(address, PATH, handlers);
  const stream = { write: (req: DiscoveryRequest) => h2.write(encodeRequestLite(req)) };
  const follow = (res: LiteResponse, typeUrl: string, pick: (r: any) => string[]) => {
    const wanted = namesOf(res, pick);
    if (wanted !== names.get(typeUrl) && wanted.join('\n') !== names.get(typeUrl)?.join('\n')) {
      names.set(typeUrl, wanted);
      stream.write({ versionInfo: sim.versions.get(typeUrl) ?? '', resourceNames: wanted, typeUrl, responseNonce: '' });
    }
  };
  const onResponse = (res: LiteResponse) => {
    if (watch) watch.types[SHORT[res.typeUrl] ?? res.typeUrl] = (watch.types[SHORT[res.typeUrl] ?? res.typeUrl] ?? 0) + 1;
    // Like Envoy: CDS names the EDS it needs, LDS the RDS; every response is ACKed with the current names.
    if (res.typeUrl === TYPE_URL.cluster) follow(res, TYPE_URL.endpoint, edsNames);
    if (res.typeUrl === TYPE_URL.listener) follow(res, TYPE_URL.route, rdsNames);
    sim.versions.set(res.typeUrl, res.versionInfo);
    stream.write({ versionInfo: res.versionInfo, resourceNames: names.get(res.typeUrl) ?? [], typeUrl: res.typeUrl, responseNonce: res.nonce });
    if (!sim.synced && sim.versions.size === 4) {
      sim.synced = true;
      if (++syncedCount === count) out({ synced: true, at: now() });
    }
    if (watch && res.typeUrl === TYPE_URL.route && res.versionInfo !== sim.baselineRds && sim.convergedAt === undefined) onConverged(sim);
  };
  const app = `app-${i % shapes}`;
  const id = `sidecar~10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}~${app}-${i}.bench~bench.svc.cluster.local`;
  stream.write({ versionInfo: '', resourceNames: [], typeUrl: TYPE_URL.cluster, responseNonce: '', node: { id, metadata: { LABELS: { app }, NAMESPACE: 'bench', CLUSTER_ID: 'Kubernetes', ISTIO_VERSION: 'bench' } } });
  stream.write({ versionInfo: '', resourceNames: [], typeUrl: TYPE_URL.listener, responseNonce: '' });
}

createInterface({ input: process.stdin }).on('line', async (line) => {
  const msg = JSON.parse(line) as { watch?: string; quit?: boolean };
  if (msg.quit) {
    await stopProfile?.();
    process.exit(0);
  }
  if (msg.watch === 'RDS') {
    if (profileFile && !stopProfile) stopProfile = await startCpuProfile(profileFile);
    for (const s of sims) {
      s.baselineRds = s.versions.get(TYPE_URL.route);
      s.convergedAt = undefined;
    }
    watch = { cpu: process.cpuUsage(), converged: 0, lastAt: 0, types: {} };
    out({ watching: true });
  }
});

for (let i = 0; i < count; i++) start(i);
