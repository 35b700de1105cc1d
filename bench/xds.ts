/**
 * `npm run bench -- xds [N ...] [--shapes 10] [--services 50] [--debounce 100]`: N simulated Envoys
 * (default 100, 500, 1000; a child process, one gRPC connection each) connect to one discovery
 * server in this process and sync; then one VirtualService changes (one virtual host's weights) and
 * we measure the time until every client has ACKed the new RDS version (debounce included), the
 * server's push time, and server memory per connected proxy (heap and RSS deltas after GC).
 * Targets from issue 6: 1,000 proxies converge in ≤ 1 s; ≤ 0.5 MB server memory per proxy.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { MemoryGenerator, startDiscoveryServer, type ProxyInfo } from '../src/discovery/index.ts';
import { TYPE_URL } from '../src/envoy/type-urls.ts';
import type { ProxyResources } from '../src/envoy/types.ts';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const now = () => performance.timeOrigin + performance.now();
const MB = 1024 * 1024;

interface Options {
  sizes: number[];
  shapes: number;
  services: number;
  debounceMs: number;
}

function parse(args: string[]): Options {
  const o: Options = { sizes: [], shapes: 10, services: 50, debounceMs: 100 };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--shapes') o.shapes = Number(args[++i]);
    else if (a === '--services') o.services = Number(args[++i]);
    else if (a === '--debounce') o.debounceMs = Number(args[++i]);
    else if (/^\d+$/.test(a)) o.sizes.push(Number(a));
    else throw new Error(`unknown argument "${a}"; usage: xds [N ...] [--shapes 10] [--services 50] [--debounce 100]`);
  }
  if (o.sizes.length === 0) o.sizes = [100, 500, 1000];
  return o;
}

const svc = (i: number) => `svc-${i}.bench.svc.cluster.local`;
const outbound = (i: number, subset = '') => `outbound|80|${subset}|${svc(i)}`;

/** A sidecar's view of a mesh of `services` services (two subsets each), as the generator would send it. */
function meshBundle(proxy: ProxyInfo, services: number, canaryWeight: number): ProxyResources {
  const app = proxy.labels.app ?? 'app';
  const clusters = [];
  for (let i = 0; i < services; i++) for (const subset of ['v1', 'v2']) clusters.push({ name: outbound(i, subset), type: 'EDS' as const, edsClusterConfig: { edsConfig: { ads: {}, resourceApiVersion: 'V3' as const }, serviceName: outbound(i, subset) }, connectTimeout: '10s' });
  clusters.push({ name: `inbound|8080||${app}.bench.svc.cluster.local`, type: 'STATIC' as const, connectTimeout: '10s', loadAssignment: { clusterName: `inbound|8080||${app}.bench.svc.cluster.local`, endpoints: [{ lbEndpoints: [{ endpoint: { address: { socketAddress: { address: '127.0.0.1', portValue: 8080 } } } }] }] } });
  const virtualHosts = Array.from({ length: services }, (_, i) => ({
    name: `${svc(i)}:80`,
    domains: [svc(i), `${svc(i)}:80`, `svc-${i}`, `svc-${i}.bench`],
    routes: [{ match: { prefix: '/' }, route: { weightedClusters: { clusters: [{ name: outbound(i, 'v1'), weight: i === 0 ? 100 - canaryWeight : 90 }, { name: outbound(i, 'v2'), weight: i === 0 ? canaryWeight : 10 }] }, timeout: '0s', retryPolicy: { retryOn: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes', numRetries: 2 } } }],
  }));
  return {
    listeners: [{ name: '0.0.0.0_80', address: { socketAddress: { address: '0.0.0.0', portValue: 80 } }, filterChains: [{ filters: [{ name: 'envoy.filters.network.http_connection_manager', typedConfig: { '@type': TYPE_URL.httpConnectionManager, statPrefix: 'outbound_0.0.0.0_80', rds: { configSource: { ads: {}, resourceApiVersion: 'V3' }, routeConfigName: '80' }, httpFilters: [{ name: 'envoy.filters.http.router', typedConfig: { '@type': TYPE_URL.router } }] } }] }] }],
    routes: [{ name: '80', virtualHosts, validateClusters: false }],
    clusters,
    endpoints: clusters.filter((c) => c.type === 'EDS').map((c, k) => ({ clusterName: c.name, endpoints: [{ lbEndpoints: [0, 1, 2].map((e) => ({ endpoint: { address: { socketAddress: { address: `10.1.${k % 250}.${e + 1}`, portValue: 8080 } } } })) }] })),
    secrets: [],
  };
}

function memory(): { heap: number; rss: number; external: number } {
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, rss: m.rss, external: m.external + m.arrayBuffers };
}

interface Row {
  proxies: number;
  syncMs: number;
  convergeMs: number;
  pushMs: number;
  /** Server CPU (user+system) from the change until all ACKs were processed: its own cost, whatever the machine's load. */
  cpuMs: number;
  shapes: number;
  heapPerProxy: number;
  rssPerProxy: number;
  externalPerProxy: number;
}

async function runOne(n: number, o: Options): Promise<Row> {
  let weight = 10;
  const gen = new MemoryGenerator((p) => meshBundle(p, o.services, weight));
  const ds = await startDiscoveryServer({ grpcPort: 0, httpPort: null, generator: gen, debounceMs: o.debounceMs, log: () => {} });
  const before = memory();
  const script = fileURLToPath(new URL('./xds-clients.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, ds.address, String(n), String(o.shapes)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiters = new Map<string, (m: any) => void>();
  const next = (key: string) => new Promise<any>((resolve) => waiters.set(key, resolve));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const m = JSON.parse(line);
    if (m.error) process.stderr.write(`xds bench: ${m.error}\n`);
    for (const key of ['synced', 'watching', 'converged']) if (m[key]) waiters.get(key)?.(m);
  });
  try {
    const t0 = now();
    await next('synced');
    const syncMs = now() - t0;
    await new Promise((r) => setTimeout(r, 200));
    const after = memory();
    child.stdin!.write(JSON.stringify({ watch: 'RDS' }) + '\n');
    await next('watching');
    const converged = next('converged');
    const change = now();
    const cpu0 = process.cpuUsage();
    weight = 50;
    gen.update((p) => meshBundle(p, o.services, weight), { reason: 'config', configs: ['VirtualService/bench/svc-0'] });
    const done = await converged;
    await new Promise((r) => setTimeout(r, 100)); // let the server read the last ACKs
    const cpu = process.cpuUsage(cpu0);
    const push = ds.server.pushes.at(-1)!;
    return { proxies: n, syncMs, convergeMs: done.at - change, pushMs: push.durationMs, cpuMs: (cpu.user + cpu.system) / 1000, shapes: push.shapes, heapPerProxy: (after.heap - before.heap) / n, rssPerProxy: (after.rss - before.rss) / n, externalPerProxy: (after.external - before.external) / n };
  } finally {
    child.kill();
    await ds.close();
  }
}

export async function runXdsBench(args: string[]): Promise<string> {
  const o = parse(args);
  const rows: Row[] = [];
  for (const n of o.sizes) rows.push(await runOne(n, o));
  const kb = (b: number) => `${(b / 1024).toFixed(0)} KB`;
  const lines = [
    `xDS: ${o.services} services (${o.services * 2 + 1} clusters, ${o.services} virtual hosts) per proxy, ${o.shapes} proxy shapes, debounce ${o.debounceMs} ms; change = one VirtualService's weights (RDS only)`,
    '',
    'proxies   initial sync   converge (all ACKed)   server push   server CPU   shapes   heap/proxy   rss/proxy   external/proxy',
    ...rows.map((r) => `${String(r.proxies).padEnd(10)}${`${(r.syncMs / 1000).toFixed(2)} s`.padEnd(15)}${`${r.convergeMs.toFixed(0)} ms`.padEnd(23)}${`${r.pushMs} ms`.padEnd(14)}${`${r.cpuMs.toFixed(0)} ms`.padEnd(13)}${String(r.shapes).padEnd(9)}${kb(r.heapPerProxy).padEnd(13)}${kb(r.rssPerProxy).padEnd(12)}${kb(r.externalPerProxy)}`),
    '',
  ];
  const big = rows.find((r) => r.proxies >= 1000) ?? rows.at(-1)!;
  lines.push(`target: ${big.proxies} proxies converge ≤ 1 s: ${big.convergeMs <= 1000 ? 'met' : 'NOT met'} (${big.convergeMs.toFixed(0)} ms, of which ${o.debounceMs} ms debounce; the ${big.proxies} clients share this machine's ${os.cpus().length} CPUs with the server, load average ${os.loadavg()[0].toFixed(1)})`);
  const perProxy = Math.max(big.heapPerProxy, big.rssPerProxy);
  lines.push(`target: ≤ 0.5 MB server memory per proxy: ${perProxy <= 0.5 * MB ? 'met' : 'NOT met'} (max of heap and RSS delta: ${(perProxy / MB).toFixed(3)} MB; istiod needs about 1.3–2 MB)`);
  return lines.join('\n');
}
