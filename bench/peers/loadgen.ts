/**
 * The load generators, each run as a child process pinned to the load core: wrk (HTTP/1.1 at
 * saturation, keep-alive or one request per connection), h2load (HTTP/2, and HTTP/1.1 at a fixed
 * request rate with `--rps`; latencies come from its per-request `--log-file` in µs) and autocannon
 * (the npm fallback for both, with millisecond latency resolution). Picks the best tool present for
 * each kind of run and parses its output into one LoadResult.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findExecutable, pinnedCommand, type CorePlan } from './env.ts';
import { percentile } from './stats.ts';
import { parseWrk } from './loadgen-parse.ts';

export interface LoadSpec {
  /** http:// or https:// URL of the proxy including the path. */
  url: string;
  /** Host header (HTTP/1.1) or :authority (HTTP/2). */
  host: string;
  connections: number;
  seconds: number;
  protocol: 'h1' | 'h2';
  /** Concurrent streams per connection (HTTP/2). */
  streams?: number;
  /** One request per connection (Connection: close). */
  newConnection?: boolean;
  /** Fixed total request rate (req/s); absent = as fast as the proxy answers. */
  rate?: number;
}

export interface LoadResult {
  tool: string;
  /** Requests answered with a 2xx status: only these count in rps and CPU per request. */
  requests: number;
  seconds: number;
  rps: number;
  /** Latency percentiles in milliseconds. */
  p50: number;
  p90: number;
  p99: number;
  /** Requests that failed or were answered with a status other than 2xx. */
  errors: number;
  /** The offered rate actually configured (fixed-rate runs). */
  offered?: number;
}

export type LoadTool = 'wrk' | 'h2load' | 'autocannon';

/** The tool used for a run of this shape, or a reason none can do it. */
export function pickTool(spec: Pick<LoadSpec, 'protocol' | 'rate' | 'newConnection'>): LoadTool | { missing: string } {
  const wrk = findExecutable('wrk');
  const h2load = findExecutable('h2load');
  if (spec.protocol === 'h2') return h2load ? 'h2load' : { missing: 'h2load not found (apt-get install nghttp2-client): HTTP/2 runs need it' };
  if (spec.newConnection) return wrk ? 'wrk' : 'autocannon';
  if (spec.rate !== undefined) return h2load ? 'h2load' : 'autocannon';
  return wrk ? 'wrk' : h2load ? 'h2load' : 'autocannon';
}

function run(plan: CorePlan, cmd: string, args: string[], timeoutMs: number): Promise<string> {
  const [file, argv] = pinnedCommand(plan, plan.load, cmd, args);
  return new Promise((resolve, reject) => {
    execFile(file, argv, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} failed: ${err.message}\n${stderr.slice(-2000)}`));
      else resolve(stdout + stderr);
    });
  });
}

export async function runLoad(plan: CorePlan, spec: LoadSpec): Promise<LoadResult> {
  const tool = pickTool(spec);
  if (typeof tool !== 'string') throw new Error(tool.missing);
  const timeoutMs = (spec.seconds + 30) * 1000;
  if (tool === 'wrk') return runWrk(plan, spec, timeoutMs);
  if (tool === 'h2load') return runH2load(plan, spec, timeoutMs);
  return runAutocannon(plan, spec, timeoutMs);
}

async function runWrk(plan: CorePlan, spec: LoadSpec, timeoutMs: number): Promise<LoadResult> {
  const args = ['-t1', `-c${spec.connections}`, `-d${spec.seconds}s`, '--latency', '-H', `Host: ${spec.host}`];
  if (spec.newConnection) args.push('-H', 'Connection: close');
  return parseWrk(await run(plan, findExecutable('wrk')!, [...args, spec.url], timeoutMs));
}

async function runH2load(plan: CorePlan, spec: LoadSpec, timeoutMs: number): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'sextant-h2load-'));
  const log = join(dir, 'requests.log');
  const args = ['-t1', `-c${spec.connections}`, `-m${spec.protocol === 'h2' ? (spec.streams ?? 1) : 1}`, `-D${spec.seconds}`, `--log-file=${log}`, '-H', `:authority: ${spec.host}`];
  if (spec.protocol === 'h1') args.push('--h1');
  if (spec.rate !== undefined) args.push(`--rps=${(spec.rate / spec.connections).toFixed(3)}`);
  try {
    const out = await run(plan, findExecutable('h2load')!, [...args, spec.url], timeoutMs);
    const finished = /finished in ([\d.]+)s, ([\d.]+) req\/s/.exec(out);
    const reqs = /requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored, (\d+) timeout/.exec(out);
    const codes = /status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx/.exec(out);
    if (!finished || !reqs) throw new Error(`unexpected h2load output:\n${out.slice(-1500)}`);
    const lat = readLogLatencies(log);
    const ok = codes ? Number(codes[1]) : Number(reqs[4]);
    const seconds = Number(finished[1]);
    return {
      tool: 'h2load', requests: ok, seconds, rps: ok / seconds,
      p50: percentile(lat, 50), p90: percentile(lat, 90), p99: percentile(lat, 99),
      errors: Number(reqs[5]) + Number(reqs[6]) + Number(reqs[7]) + (codes ? Number(codes[3]) + Number(codes[4]) : 0),
      offered: spec.rate,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** h2load's log: start (µs since epoch) TAB status TAB elapsed µs, one line per request. Sorted ms. */
function readLogLatencies(path: string): number[] {
  const out: number[] = [];
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return out;
  }
  for (const line of text.split('\n')) {
    const tab = line.lastIndexOf('\t');
    if (tab > 0) out.push(Number(line.slice(tab + 1)) / 1000);
  }
  return out.sort((a, b) => a - b);
}

async function runAutocannon(plan: CorePlan, spec: LoadSpec, timeoutMs: number): Promise<LoadResult> {
  const bin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  const args = [bin, '-j', '-c', String(spec.connections), '-d', String(spec.seconds), '-H', `host=${spec.host}`];
  if (spec.rate !== undefined) args.push('-R', String(spec.rate));
  if (spec.newConnection) args.push('-D', '1');
  const out = await run(plan, process.execPath, [...args, spec.url], timeoutMs);
  const json = JSON.parse(out.slice(out.indexOf('{'), out.lastIndexOf('}') + 1)) as {
    '2xx': number; duration: number; latency: { p50: number; p90: number; p99: number }; errors: number; timeouts: number; non2xx: number;
  };
  return {
    tool: 'autocannon', requests: json['2xx'], seconds: json.duration, rps: json['2xx'] / json.duration,
    p50: json.latency.p50, p90: json.latency.p90, p99: json.latency.p99,
    errors: json.errors + json.timeouts + json.non2xx, offered: spec.rate,
  };
}
