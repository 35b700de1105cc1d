/**
 * Control-plane benchmark C1 (issue 3): the shape of Istio's pilot benchmarks.
 *  - Router: 1,000 Gateways × 7 servers, each bound by a 3-host VirtualService with a prefix route
 *    to a STATIC ServiceEntry, generated for one ingress gateway.
 *  - Sidecar: 1,000 Kubernetes Services × 10 endpoints, generated for one sidecar.
 *  - Incremental: snapshot rebuild after one VirtualService change.
 * Reports ms per generation (median of repeated runs after warm-up), bytes and resource counts
 * per type, and peak memory, against the targets: router route generation ≤ 50 ms, full sidecar
 * generation ≤ 100 ms, snapshot rebuild after one VirtualService change ≤ 10 ms. Repeated runs on
 * one snapshot are served by generation's caches (steady state, as istiod with its XDS cache), so
 * the router and sidecar are also measured uncached: each run on a fresh snapshot.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadText } from '../src/config/load.ts';
import type { ProxyResources } from '../src/envoy/types.ts';
import { createContext } from '../src/generate/context.ts';
import { gatewayRouteConfiguration } from '../src/generate/gateway-routes.ts';
import { generateProxyResources } from '../src/generate/index.ts';
import { forgetGatewayRouteStores } from '../src/generate/route-cache.ts';
import { buildSnapshot, type MeshSnapshot } from '../src/model/snapshot.ts';
import { proxyForWorkload } from '../src/model/workload-proxy.ts';

const GATEWAYS = 1000;
/** A real self-signed certificate and key (the seed 002 test fixture), so validation accepts the Secret. */
const FIXTURE_CERT = (() => {
  const text = readFileSync(new URL('../test/generate/fixtures/seed-002/app.yaml', import.meta.url), 'utf8');
  return `tls.crt: ${/tls\.crt: (\S+)/.exec(text)![1]}, tls.key: ${/tls\.key: (\S+)/.exec(text)![1]}`;
})();
const SERVICES = 1000;
const ENDPOINTS = 10;

export function routerConfig(): string {
  const docs: string[] = [
    `apiVersion: v1
kind: Secret
metadata: {name: bench-cert, namespace: istio-system}
type: kubernetes.io/tls
data: {${FIXTURE_CERT}}`,
  ];
  for (let i = 0; i < GATEWAYS; i++) {
    const hosts = `[random-a-${i}.host.example, random-b-${i}.host.example, random-c-${i}.host.example]`;
    const http = [80, 8080, 8081, 8082, 8083].map((p) => `  - {port: {number: ${p}, name: http-${p}, protocol: HTTP}, hosts: ${hosts}}`).join('\n');
    docs.push(`apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gateway-${i}, namespace: gateway}
spec:
  selector: {istio.io/benchmark: "true"}
  servers:
${http}
  - {port: {number: 443, name: https-${i}, protocol: HTTPS}, hosts: ${hosts}, tls: {mode: SIMPLE, credentialName: bench-cert}}
  - {port: {number: 8443, name: mtls-${i}, protocol: HTTPS}, hosts: ${hosts}, tls: {mode: ISTIO_MUTUAL}}`);
    docs.push(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs-${i}, namespace: gateway}
spec:
  hosts: ${hosts}
  gateways: [gateway/gateway-${i}]
  http:
  - match: [{uri: {prefix: /route-${i}}}]
    route: [{destination: {host: random-${i}.host.example}}]`);
    docs.push(`apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: service-${i}, namespace: gateway}
spec:
  hosts: [random-${i}.host.example]
  ports: [{number: 80, name: http, protocol: HTTP}]
  resolution: STATIC
  endpoints: [{address: 127.0.${Math.floor(i / 250) + 1}.${(i % 250) + 1}}]`);
  }
  return docs.join('\n---\n');
}

function sidecarConfig(): string {
  const docs: string[] = [
    `apiVersion: networking.istio.io/v1
kind: WorkloadEntry
metadata: {name: client, namespace: bench}
spec: {address: 127.0.0.2, labels: {app: client}}`,
  ];
  for (let i = 0; i < SERVICES; i++) {
    docs.push(`apiVersion: v1
kind: Service
metadata: {name: svc-${i}, namespace: bench}
spec:
  clusterIP: 10.96.${Math.floor(i / 250)}.${(i % 250) + 1}
  ports: [{name: http, port: 80, targetPort: 8080}]`);
    const addrs = Array.from({ length: ENDPOINTS }, (_, j) => `{ip: 10.${Math.floor(i / 200) + 1}.${i % 200}.${j + 1}}`).join(', ');
    docs.push(`apiVersion: v1
kind: Endpoints
metadata: {name: svc-${i}, namespace: bench}
subsets: [{addresses: [${addrs}], ports: [{name: http, port: 8080}]}]`);
  }
  return docs.join('\n---\n');
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

interface Timing {
  /** Median wall-clock ms. */
  ms: number;
  /** Median CPU ms of this process (all threads, so GC helpers count). */
  cpu: number;
}

function median(fn: () => unknown, runs: number): Timing {
  for (let i = 0; i < 3; i++) fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    wall.push(time(fn).ms);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const mid = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { ms: mid(wall), cpu: mid(cpu) };
}

/** median() where each run first prepares, untimed, its own input (e.g. a fresh snapshot that no cache knows). */
function medianEach<T>(prepare: () => T, fn: (input: T) => unknown, runs: number): Timing {
  for (let i = 0; i < 2; i++) fn(prepare());
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const input = prepare();
    const c0 = process.cpuUsage();
    wall.push(time(() => fn(input)).ms);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const mid = (xs: number[]): number => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  return { ms: mid(wall), cpu: mid(cpu) };
}

/** A fixed CPU-bound workload, so figures from a loaded or slower machine can be put in proportion. */
function calibration(): Timing {
  return median(() => {
    const a: { x: number; y: string }[] = [];
    for (let i = 0; i < 100_000; i++) a.push({ x: i, y: `s${i}` });
    let s = 0;
    for (let i = 0; i < 1_000_000; i++) s += (i * i) % 7;
    return s + a.length;
  }, 9);
}

let peakRss = 0;
let peakHeap = 0;
function sample(): void {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}

function describe(r: ProxyResources): string[] {
  const rows: string[] = [];
  for (const k of ['listeners', 'routes', 'clusters', 'endpoints', 'secrets'] as const) rows.push(`    ${k.padEnd(10)} ${String(r[k].length).padStart(6)} resources ${(JSON.stringify(r[k]).length / 1024).toFixed(0).padStart(8)} KiB`);
  return rows;
}

const verdict = (t: Timing, target: number): string =>
  `${t.ms.toFixed(2)} ms wall, ${t.cpu.toFixed(2)} ms CPU (target ≤ ${target} ms: wall ${t.ms <= target ? 'PASS' : 'FAIL'}, CPU ${t.cpu <= target ? 'PASS' : 'FAIL'})`;

function snapshotOf(text: string, label: string, out: string[]): MeshSnapshot {
  const loaded = time(() => loadText(text, `${label}.yaml`));
  const errors = loaded.value.diagnostics.filter((d) => d.severity === 'Error');
  if (errors.length) throw new Error(`${label} config invalid: ${errors[0].message}`);
  const snap = time(() => buildSnapshot(loaded.value.resources));
  out.push(`  config: ${loaded.value.resources.length} resources; YAML load + validation ${loaded.ms.toFixed(0)} ms; snapshot build ${snap.ms.toFixed(1)} ms`);
  return snap.value;
}

export async function runGenerateBench(): Promise<string> {
  const out: string[] = ['# generate — control-plane translation benchmark', ''];
  const cal = calibration();
  const [load1] = (await import('node:os')).loadavg();
  out.push(`Machine: calibration loop ${cal.ms.toFixed(1)} ms wall / ${cal.cpu.toFixed(1)} ms CPU; load average ${load1.toFixed(1)} on ${(await import('node:os')).cpus().length} cores`);
  out.push('(CPU time counts every thread of this process, GC helpers included; compare machines by the calibration loop.)');
  out.push('');
  out.push(`Router: ${GATEWAYS} Gateways × 7 servers, 3-host VirtualService each, STATIC ServiceEntry each`);
  const rsnap = snapshotOf(routerConfig(), 'router', out);
  sample();
  const router = proxyForWorkload(rsnap, { 'istio.io/benchmark': 'true' }, { namespace: 'istio-system', type: 'router' });
  const routeNames = (): string[] => [...(createContext(router, rsnap).mergedGateway?.serversByRouteName.keys() ?? [])];
  const routeGeneration = (snap: MeshSnapshot): void => {
    const ctx = createContext(router, snap);
    for (const n of ctx.mergedGateway!.serversByRouteName.keys()) gatewayRouteConfiguration(ctx, n);
  };
  const routeMs = median(() => routeGeneration(rsnap), 15);
  sample();
  const fullRouterMs = median(() => generateProxyResources(router, rsnap), 10);
  const rres = generateProxyResources(router, rsnap);
  sample();
  // Uncached: every run on a fresh snapshot of the same resources with the RDS cache forgotten, so no
  // cached route configuration or translated route applies (per-resource results — merged Gateway
  // servers, VirtualService entries — still do). After a reload the configuration is decoded again:
  // caches keyed by content find unchanged Gateways, VirtualServices and translation inputs by
  // comparing values; that run also pays for collecting the decoder's garbage.
  const freshRouter = (): MeshSnapshot => {
    forgetGatewayRouteStores();
    return buildSnapshot([...rsnap.resources.values()]);
  };
  const routeUncachedMs = medianEach(freshRouter, routeGeneration, 9);
  const fullUncachedMs = medianEach(freshRouter, (s) => generateProxyResources(router, s), 5);
  const routerText = routerConfig();
  const routeReloadMs = medianEach(() => buildSnapshot(loadText(routerText, 'router.yaml').resources), routeGeneration, 3);
  sample();
  out.push(`  route generation (${routeNames().length} route configurations), steady state (RDS cache): ${verdict(routeMs, 50)}`);
  out.push(`  full generation, steady state: ${fullRouterMs.ms.toFixed(2)} ms wall, ${fullRouterMs.cpu.toFixed(2)} ms CPU`);
  out.push(`  route generation, uncached (fresh snapshot of the same resources, RDS cache forgotten): ${verdict(routeUncachedMs, 50)}`);
  out.push(`  full generation, uncached: ${fullUncachedMs.ms.toFixed(2)} ms wall, ${fullUncachedMs.cpu.toFixed(2)} ms CPU`);
  out.push(`  route generation after a reload (configuration decoded again): ${routeReloadMs.ms.toFixed(2)} ms wall, ${routeReloadMs.cpu.toFixed(2)} ms CPU`);
  out.push(...describe(rres));
  out.push('');

  out.push(`Sidecar: ${SERVICES} Services × ${ENDPOINTS} endpoints`);
  const ssnap = snapshotOf(sidecarConfig(), 'sidecar', out);
  sample();
  const sidecar = proxyForWorkload(ssnap, { app: 'client' }, { namespace: 'bench' });
  const fullSidecarMs = median(() => generateProxyResources(sidecar, ssnap), 15);
  const sres = generateProxyResources(sidecar, ssnap);
  const sidecarUncachedMs = medianEach(() => buildSnapshot([...ssnap.resources.values()]), (s) => generateProxyResources(sidecar, s), 9);
  sample();
  out.push(`  full generation: ${verdict(fullSidecarMs, 100)}`);
  out.push(`  full generation, fresh snapshot of the same resources: ${verdict(sidecarUncachedMs, 100)}`);
  out.push(...describe(sres));
  out.push('');

  const edited = loadText(
    `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs-7, namespace: gateway}
spec:
  hosts: [random-a-7.host.example]
  gateways: [gateway/gateway-7]
  http: [{match: [{uri: {prefix: /edited}}], route: [{destination: {host: random-7.host.example}}]}]`,
    'edit.yaml',
  ).resources;
  const updateMs = median(() => rsnap.update({ upsert: edited }), 15);
  // Then the router's routes again: alternating edits, so each run really changes the VirtualService
  // and the route configurations that bind it are rebuilt while the others come from the RDS cache.
  const editedAgain = loadText(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs-7, namespace: gateway}
spec:
  hosts: [random-a-7.host.example]
  gateways: [gateway/gateway-7]
  http: [{match: [{uri: {prefix: /edited-again}}], route: [{destination: {host: random-7.host.example}}]}]`, 'edit.yaml').resources;
  let flip = 0;
  const updateRoutesMs = median(() => routeGeneration(rsnap.update({ upsert: flip++ % 2 ? editedAgain : edited })), 15);
  sample();
  out.push(`Incremental: snapshot rebuild after one VirtualService change (${GATEWAYS} VirtualServices): ${verdict(updateMs, 10)}`);
  out.push(`  rebuild plus the router's route generation: ${updateRoutesMs.ms.toFixed(2)} ms wall, ${updateRoutesMs.cpu.toFixed(2)} ms CPU`);
  out.push('');
  out.push(`Peak memory: RSS ${(peakRss / 1048576).toFixed(0)} MiB, heap ${(peakHeap / 1048576).toFixed(0)} MiB`);
  return out.join('\n') + '\n';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runGenerateBench().then((t) => process.stdout.write(t));
}
