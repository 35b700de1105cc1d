/**
 * `npm run bench -- validate [--resources N] [--runs R] [--keep]`: generates a tree of N mixed
 * resources (gen-tree.ts) in a temporary directory, then decodes and validates it with loadPaths:
 * once cold (the first load in this process: compilation and lazily built tables included), then R
 * more times warm. Reports both, the warm median as the headline figure in resources per second of
 * CPU time (user + system of the whole process, so a busy machine inflates wall time more than CPU
 * time; GC helper threads are included), the load average before and after, the peak RSS and the
 * heap in use after a load (the live resources plus garbage not yet collected). Target: ≥ 20,000
 * resources/s on one core.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadPaths } from '../src/config/load.ts';
import { generateTree } from './gen-tree.ts';

interface RunResult {
  ms: number;
  /** CPU time of the process during the run (user + system): the machine may be shared. */
  cpuMs: number;
  resources: number;
  errors: number;
  warnings: number;
  heapUsed: number;
}

const MB = 1024 * 1024;

function once(root: string): RunResult {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  const result = loadPaths([root]);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(c0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const heapUsed = process.memoryUsage().heapUsed;
  let errors = 0;
  let warnings = 0;
  for (const d of result.diagnostics) {
    if (d.severity === 'Error') errors++;
    else if (d.severity === 'Warning') warnings++;
  }
  return { ms, cpuMs, resources: result.resources.length, errors, warnings, heapUsed };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export async function runValidateBench(args: string[]): Promise<string> {
  const { values } = parseArgs({
    args,
    options: { resources: { type: 'string', default: '10000' }, runs: { type: 'string', default: '5' }, keep: { type: 'boolean', default: false } },
  });
  const count = Number(values.resources);
  const runs = Number(values.runs);
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(runs) || runs < 1) throw new Error('--resources and --runs take positive integers');
  const root = mkdtempSync(join(tmpdir(), 'sextant-bench-validate-'));
  const gc = (globalThis as { gc?: () => void }).gc;
  try {
    const tree = generateTree(root, count);
    const loadBefore = loadavg();
    gc?.();
    const cold = once(root);
    const warm: RunResult[] = [];
    for (let i = 0; i < runs; i++) {
      gc?.();
      warm.push(once(root));
    }
    const loadAfter = loadavg();
    const ms = median(warm.map((r) => r.ms));
    const cpuMs = median(warm.map((r) => r.cpuMs));
    const rate = (t: number): string => Math.round((tree.resources / t) * 1000).toLocaleString('en-US');
    const last = warm[warm.length - 1];
    const avg = (l: number[]): string => l.map((x) => x.toFixed(1)).join(' ');
    const lines = [
      `validate: ${tree.resources} resources in ${tree.files} files (${Object.entries(tree.kinds).map(([k, n]) => `${k} ${n}`).join(', ')})`,
      `  cold (1st load): ${cold.cpuMs.toFixed(0)} ms cpu = ${rate(cold.cpuMs)} resources/s; ${cold.ms.toFixed(0)} ms wall (compilation and lazily built tables included; not in the median)`,
      `  warm runs (ms):  cpu ${warm.map((r) => r.cpuMs.toFixed(0)).join(', ')}; wall ${warm.map((r) => r.ms.toFixed(0)).join(', ')}`,
      `  warm median:     ${cpuMs.toFixed(0)} ms cpu = ${rate(cpuMs)} resources/s per core (target ≥ 20,000); ${ms.toFixed(0)} ms wall = ${rate(ms)} resources/s`,
      `  load average:    ${avg(loadBefore)} before, ${avg(loadAfter)} after, on ${cpus().length} cpus (a busy machine inflates wall time, and CPU time less so)`,
      `  loaded:          ${last.resources} valid, ${last.errors} errors, ${last.warnings} warnings`,
      `  peak RSS:        ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
      `  heap after load: ${(last.heapUsed / MB).toFixed(0)} MiB (${gc ? 'collected before each load' : 'no forced GC between loads; run node with --expose-gc to force one'})`,
      `  node ${process.version}, ${cpus()[0]?.model ?? 'unknown cpu'}, single thread`,
    ];
    if (values.keep) lines.push(`  tree kept at ${root}`);
    if (last.resources !== tree.resources || last.errors > 0) lines.push('  WARNING: the generated tree did not validate cleanly; the figures measure error paths');
    return lines.join('\n');
  } finally {
    if (!values.keep) rmSync(root, { recursive: true, force: true });
  }
}
