/**
 * `npm run bench -- xds [N ...] [--shapes 10] [--services 50] [--debounce 100] [--repeat 5] [--cpu-prof DIR] [--clients raw|node] [--slice-ms 8]`:
 * N simulated Envoys (default 100, 500, 1000; in a child process, one gRPC connection each) connect
 * to one discovery server in this process and sync; then one VirtualService changes (one virtual
 * host's weights: route configuration `80`, RDS only), `--repeat` times, and for each change we
 * measure the time until every client has ACKed the new RDS version (debounce included), the
 * server's push time, and the server's CPU time for the whole change (push + reading the ACKs) —
 * the figure that does not depend on what else the machine runs. A fixed reference loop
 * (xds-calibrate.ts) measured in the same run turns CPU time into a machine-independent ratio.
 * Server memory per connected proxy is the heap and RSS delta after GC. `--cpu-prof DIR` writes a
 * .cpuprofile of the server during the changes and prints where its time went.
 * Targets from issue 6: 1,000 proxies converge in ≤ 1 s; ≤ 0.5 MB server memory per proxy.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { MemoryGenerator, startDiscoveryServer } from '../src/discovery/index.ts';
import { referenceCpuMs } from './xds-calibrate.ts';
import { meshBundle } from './xds-mesh.ts';
import { startCpuProfile, summarizeProfile } from './xds-profile.ts';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const now = () => performance.timeOrigin + performance.now();
const MB = 1024 * 1024;
const USAGE = 'usage: xds [N ...] [--shapes 10] [--services 50] [--debounce 100] [--repeat 5] [--cpu-prof DIR] [--clients raw|node] [--slice-ms 8]';

interface Options {
  sizes: number[];
  shapes: number;
  services: number;
  debounceMs: number;
  repeat: number;
  cpuProf?: string;
  /** The simulated clients' HTTP/2: `raw` (xds-h2-raw.ts, default) or `node` (node:http2). */
  clients: 'raw' | 'node';
  /** The server's pushSliceMs (undefined: its default). */
  sliceMs?: number;
}

function parse(args: string[]): Options {
  const o: Options = { sizes: [], shapes: 10, services: 50, debounceMs: 100, repeat: 5, clients: 'raw' };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--shapes') o.shapes = Number(args[++i]);
    else if (a === '--services') o.services = Number(args[++i]);
    else if (a === '--debounce') o.debounceMs = Number(args[++i]);
    else if (a === '--repeat') o.repeat = Math.max(1, Number(args[++i]));
    else if (a === '--cpu-prof') o.cpuProf = args[++i];
    else if (a === '--slice-ms') o.sliceMs = Number(args[++i]);
    else if (a === '--clients' && (args[i + 1] === 'raw' || args[i + 1] === 'node')) o.clients = args[++i] as Options['clients'];
    else if (/^\d+$/.test(a)) o.sizes.push(Number(a));
    else throw new Error(`unknown argument "${a}"; ${USAGE}`);
  }
  if (o.sizes.length === 0) o.sizes = [100, 500, 1000];
  return o;
}

function memory(): { heap: number; rss: number } {
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, rss: m.rss };
}

interface Change {
  convergeMs: number;
  pushMs: number;
  /** Server CPU (user+system) from the change until all ACKs were read. */
  cpuMs: number;
  /** The simulated clients' CPU for the change (their process). */
  clientCpuMs: number;
  responses: number;
  /** Responses the clients received during the change, per xDS type (an RDS-only change: RDS only). */
  received: string;
}

interface Row {
  proxies: number;
  syncMs: number;
  changes: Change[];
  shapes: number;
  heapPerProxy: number;
  rssPerProxy: number;
  referenceMs: number;
  profile?: string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

async function runOne(n: number, o: Options): Promise<Row> {
  const cal0 = referenceCpuMs();
  let weight = 10;
  const gen = new MemoryGenerator((p) => meshBundle(p, o.services, weight));
  const ds = await startDiscoveryServer({ grpcPort: 0, httpPort: null, generator: gen, debounceMs: o.debounceMs, pushSliceMs: o.sliceMs, log: () => {} });
  const before = memory();
  const script = fileURLToPath(new URL('./xds-clients.ts', import.meta.url));
  const clientProfile = o.cpuProf ? [join(o.cpuProf, `xds-${n}-clients.cpuprofile`)] : [];
  const child = spawn(process.execPath, ['--import', 'tsx', script, ds.address, String(n), String(o.shapes), o.clients, ...clientProfile], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
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
    await new Promise((r) => setTimeout(r, 300));
    const after = memory();
    const stopProfile = o.cpuProf ? await startCpuProfile(join(o.cpuProf, `xds-${n}.cpuprofile`)) : undefined;
    const changes: Change[] = [];
    for (let k = 0; k < o.repeat; k++) {
      child.stdin!.write(JSON.stringify({ watch: 'RDS' }) + '\n');
      await next('watching');
      const converged = next('converged');
      const change = now();
      const cpu0 = process.cpuUsage();
      weight = 20 + 10 * (k % 7);
      gen.update((p) => meshBundle(p, o.services, weight), { reason: 'config', configs: ['VirtualService/bench/svc-0'] });
      const done = await converged;
      await new Promise((r) => setTimeout(r, 100)); // let the server read the last ACKs
      const cpu = process.cpuUsage(cpu0);
      const push = ds.server.pushes.at(-1)!;
      changes.push({ convergeMs: done.at - change, pushMs: push.durationMs, cpuMs: (cpu.user + cpu.system) / 1000, clientCpuMs: done.cpuMs, responses: push.responses, received: Object.entries(done.types as Record<string, number>).map(([t, k]) => `${t} ${k}`).join(', ') });
    }
    const profile = stopProfile ? summarizeProfile(await stopProfile()) : undefined;
    const push = ds.server.pushes.at(-1)!;
    return { proxies: n, syncMs, changes, shapes: push.shapes, heapPerProxy: (after.heap - before.heap) / n, rssPerProxy: (after.rss - before.rss) / n, referenceMs: Math.min(cal0, referenceCpuMs()), profile };
  } finally {
    child.stdin!.write(JSON.stringify({ quit: true }) + '\n');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    child.kill();
    await ds.close();
  }
}

function table(rows: Row[]): string[] {
  const kb = (b: number) => `${(b / 1024).toFixed(0)} KB`;
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  const spread = (xs: number[]) => `${ms(median(xs))} (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;
  const head = ['proxies', 'initial sync', 'converge: median (min–max)', 'server CPU/change: median (min–max)', 'min ÷ ref', 'server push', 'client CPU/change', 'received per change', 'shapes', 'heap/proxy', 'rss/proxy'];
  const body = rows.map((r) => {
    const c = r.changes;
    const cpu = c.map((x) => x.cpuMs);
    return [String(r.proxies), `${(r.syncMs / 1000).toFixed(2)} s`, spread(c.map((x) => x.convergeMs)), spread(cpu), (Math.min(...cpu) / r.referenceMs).toFixed(2), ms(median(c.map((x) => x.pushMs))), ms(median(c.map((x) => x.clientCpuMs))), [...new Set(c.map((x) => x.received))].join(' / '), String(r.shapes), kb(r.heapPerProxy), kb(r.rssPerProxy)];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)) + 2);
  return [head, ...body].map((cols) => cols.map((x, i) => x.padEnd(widths[i])).join('').trimEnd());
}

export async function runXdsBench(args: string[]): Promise<string> {
  const o = parse(args);
  if (o.cpuProf) mkdirSync(o.cpuProf, { recursive: true });
  const load0 = os.loadavg()[0];
  const rows: Row[] = [];
  for (const n of o.sizes) rows.push(await runOne(n, o));
  const lines = [
    `xDS: ${o.services} services (${o.services * 2 + 1} clusters, ${o.services} virtual hosts) per proxy, ${o.shapes} proxy shapes, debounce ${o.debounceMs} ms; ${o.repeat} changes per size, each one VirtualService's weights (RDS only); medians`,
    `machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), load average ${load0.toFixed(1)} → ${os.loadavg()[0].toFixed(1)}; reference loop ${median(rows.map((r) => r.referenceMs)).toFixed(1)} ms CPU at best (min ÷ ref: the least disturbed server CPU per change in reference-loop units, comparable across machines)`,
    '',
    ...table(rows),
    '',
  ];
  for (const r of rows) if (r.profile) lines.push(`server profile, ${r.proxies} proxies, ${o.repeat} changes (${join(o.cpuProf!, `xds-${r.proxies}.cpuprofile`)}):`, r.profile, '');
  const big = rows.find((r) => r.proxies >= 1000) ?? rows.at(-1)!;
  const conv = median(big.changes.map((c) => c.convergeMs));
  lines.push(`target: ${big.proxies} proxies converge ≤ 1 s: ${conv <= 1000 ? 'met' : 'NOT met'} (median ${conv.toFixed(0)} ms, of which ${o.debounceMs} ms debounce; worst ${Math.max(...big.changes.map((c) => c.convergeMs)).toFixed(0)} ms)`);
  const perProxy = Math.max(big.heapPerProxy, big.rssPerProxy);
  lines.push(`target: ≤ 0.5 MB server memory per proxy: ${perProxy <= 0.5 * MB ? 'met' : 'NOT met'} (max of heap and RSS delta: ${(perProxy / MB).toFixed(3)} MB; istiod needs about 1.3–2 MB)`);
  return lines.join('\n');
}
