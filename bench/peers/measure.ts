/**
 * Measures one peer in one case, once: start it fresh on the proxy core, check the target route
 * answers 200 with 1 KB, warm it up, then a saturation run and (when the case has one) a fixed-rate
 * run, reading the process tree's CPU time from /proc around each, and its peak RSS at the end.
 * Also the idle-footprint measurement of S6: start-up time and resident memory with no traffic.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkRoute, probeTls, type TlsProbe } from './check.ts';
import { freePort, sleep, type CorePlan } from './env.ts';
import { runLoad, type LoadResult, type LoadSpec } from './loadgen.ts';
import type { Peer, PeerSpec } from './peer.ts';
import { treeCpuSeconds, treeMemory } from './proc.ts';
import type { LoaderMode } from './runner-build.ts';
import type { RouteTable } from './route-table.ts';
import type { CertFiles } from './tls-cert.ts';

export interface MeasureContext {
  plan: CorePlan;
  loader: LoaderMode;
  seconds: number;
  warmupSeconds: number;
  cert?: CertFiles;
  /** Directory for Sextant's --cpu-prof output, when profiling. */
  profileDir?: string;
}

export interface LoadCase {
  label: string;
  table: RouteTable;
  tls: boolean;
  h2c: boolean;
  connections: number;
  protocol: 'h1' | 'h2';
  streams?: number;
  newConnection?: boolean;
  /** Total request rate of the fixed-rate run; undefined = saturation only. */
  fixedRate?: number;
}

export interface RunStats {
  rps: number;
  /** Proxy CPU time per request, µs. */
  cpuUs: number;
  p50: number;
  p90: number;
  p99: number;
  errors: number;
  requests: number;
  tool: string;
  offered?: number;
}

export interface Sample {
  saturation: RunStats;
  fixed?: RunStats;
  peakRssMiB: number;
  /** What the peer negotiated, for a TLS case. */
  tls?: TlsProbe;
}

function peerSpec(ctx: MeasureContext, peer: Peer, table: RouteTable, port: number, tls: boolean, h2c: boolean): PeerSpec {
  const spec: PeerSpec = { table, port, h2c, workDir: mkdtempSync(join(tmpdir(), `sextant-peer-${peer.id}-`)), plan: ctx.plan, loader: ctx.loader };
  if (tls) spec.tls = ctx.cert;
  if (ctx.profileDir && peer.id === 'sextant') spec.nodeFlags = ['--cpu-prof', `--cpu-prof-dir=${ctx.profileDir}`];
  return spec;
}

async function measured(pid: number, spec: LoadSpec, plan: CorePlan): Promise<RunStats> {
  const c0 = treeCpuSeconds(pid) ?? NaN;
  const r: LoadResult = await runLoad(plan, spec);
  const c1 = treeCpuSeconds(pid) ?? NaN;
  return { rps: r.rps, cpuUs: r.requests > 0 ? ((c1 - c0) * 1e6) / r.requests : NaN, p50: r.p50, p90: r.p90, p99: r.p99, errors: r.errors, requests: r.requests, tool: r.tool, offered: r.offered };
}

export async function measureLoad(ctx: MeasureContext, peer: Peer, c: LoadCase): Promise<Sample> {
  const port = await freePort();
  const spec = peerSpec(ctx, peer, c.table, port, c.tls, c.h2c);
  const run = await peer.start(spec);
  try {
    const target = c.table.target!;
    const url = `${c.tls ? 'https' : 'http'}://127.0.0.1:${port}${target.path}`;
    const check = await checkRoute(url, target.host, c.protocol);
    if (check.status !== 200 || check.bytes !== 1024) throw new Error(`${target.host}${target.path} answered ${check.status} with ${check.bytes} bytes (expected 200 with 1024)`);
    const tlsProbe = c.tls ? await probeTls(url, target.host) : undefined;
    const load: LoadSpec = { url, host: target.host, connections: c.connections, seconds: ctx.seconds, protocol: c.protocol, streams: c.streams, newConnection: c.newConnection };
    if (ctx.warmupSeconds > 0) await runLoad(ctx.plan, { ...load, seconds: ctx.warmupSeconds });
    const saturation = await measured(run.pid, load, ctx.plan);
    const fixed = c.fixedRate !== undefined ? await measured(run.pid, { ...load, rate: c.fixedRate }, ctx.plan) : undefined;
    const peakRssMiB = treeMemory(run.pid)?.peakRssMiB ?? NaN;
    return { saturation, fixed, peakRssMiB, tls: tlsProbe };
  } finally {
    await run.stop();
    rmSync(spec.workDir, { recursive: true, force: true });
  }
}

export interface FootprintSample {
  startMs: number;
  rssMiB: number;
  pssMiB: number;
  processes: number;
}

/** Starts the peer with `table`, checks one route when there is one, waits 1 s idle, reads memory. */
export async function measureFootprint(ctx: MeasureContext, peer: Peer, table: RouteTable): Promise<FootprintSample> {
  const port = await freePort();
  const spec = peerSpec(ctx, peer, table, port, false, false);
  const t0 = performance.now();
  const run = await peer.start(spec);
  const startMs = performance.now() - t0;
  try {
    if (table.target) {
      const check = await checkRoute(`http://127.0.0.1:${port}${table.target.path}`, table.target.host, 'h1');
      if (check.status !== 200) throw new Error(`${table.target.host} answered ${check.status}`);
    }
    await sleep(1000);
    const mem = treeMemory(run.pid);
    return { startMs, rssMiB: mem?.rssMiB ?? NaN, pssMiB: mem?.pssMiB ?? NaN, processes: mem?.processes ?? 0 };
  } finally {
    await run.stop();
    rmSync(spec.workDir, { recursive: true, force: true });
  }
}
