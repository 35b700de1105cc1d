/**
 * `npm run bench -- validate [--resources N] [--runs R] [--keep]`: generates a tree of N mixed
 * resources (gen-tree.ts) in a temporary directory, then decodes and validates it with loadPaths,
 * R times. Reports the median throughput in resources per second, the peak RSS of the process and the
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
    options: { resources: { type: 'string', default: '10000' }, runs: { type: 'string', default: '3' }, keep: { type: 'boolean', default: false } },
  });
  const count = Number(values.resources);
  const runs = Number(values.runs);
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(runs) || runs < 1) throw new Error('--resources and --runs take positive integers');
  const root = mkdtempSync(join(tmpdir(), 'sextant-bench-validate-'));
  try {
    const tree = generateTree(root, count);
    const results: RunResult[] = [];
    for (let i = 0; i < runs; i++) {
      (globalThis as { gc?: () => void }).gc?.();
      results.push(once(root));
    }
    const ms = median(results.map((r) => r.ms));
    const cpuMs = median(results.map((r) => r.cpuMs));
    const rate = (t: number): string => Math.round((tree.resources / t) * 1000).toLocaleString('en-US');
    const last = results[results.length - 1];
    const lines = [
      `validate: ${tree.resources} resources in ${tree.files} files (${Object.entries(tree.kinds).map(([k, n]) => `${k} ${n}`).join(', ')})`,
      `  runs (ms):       wall ${results.map((r) => r.ms.toFixed(0)).join(', ')}; cpu ${results.map((r) => r.cpuMs.toFixed(0)).join(', ')}`,
      `  median:          ${ms.toFixed(0)} ms wall = ${rate(ms)} resources/s; ${cpuMs.toFixed(0)} ms cpu = ${rate(cpuMs)} resources/s per core (target ≥ 20,000)`,
      `  load average:    ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cpus (wall time suffers on a busy machine)`,
      `  loaded:          ${last.resources} valid, ${last.errors} errors, ${last.warnings} warnings`,
      `  peak RSS:        ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
      `  heap after load: ${(last.heapUsed / MB).toFixed(0)} MiB`,
      `  node ${process.version}, ${cpus()[0]?.model ?? 'unknown cpu'}, single thread`,
    ];
    if (values.keep) lines.push(`  tree kept at ${root}`);
    if (last.resources !== tree.resources || last.errors > 0) lines.push('  WARNING: the generated tree did not validate cleanly; the figures measure error paths');
    return lines.join('\n');
  } finally {
    if (!values.keep) rmSync(root, { recursive: true, force: true });
  }
}
