/**
 * `npm run bench -- analyze [--resources N] [--runs R] [--keep]`: generates the validate
 * benchmark's tree of N mixed resources (gen-tree.ts), then loads and analyzes it R times with
 * every analyzer, as `sextant analyze DIR` does. Reports the median of load, analysis and their
 * sum — wall and CPU time, since a busy machine inflates wall time — and the messages per code. Target: the whole run on 10,000 resources in ≤ 2 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { analyze } from '../src/analyze/index.ts';
import { loadPaths } from '../src/config/load.ts';
import { generateTree } from './gen-tree.ts';

interface RunResult {
  loadMs: number;
  analyzeMs: number;
  /** CPU time of the analysis (user + system), which a busy machine does not inflate. */
  analyzeCpuMs: number;
  loadCpuMs: number;
  messages: Map<string, number>;
  failures: number;
}

function once(root: string): RunResult {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const loaded = loadPaths([root]);
  const t1 = process.hrtime.bigint();
  const c1 = process.cpuUsage(c0);
  const r = analyze({ resources: loaded.resources, diagnostics: loaded.diagnostics });
  const t2 = process.hrtime.bigint();
  const c2 = process.cpuUsage(c0);
  const cpu = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1000;
  const messages = new Map<string, number>();
  for (const m of r.messages) messages.set(m.code, (messages.get(m.code) ?? 0) + 1);
  return { loadMs: Number(t1 - t0) / 1e6, analyzeMs: Number(t2 - t1) / 1e6, loadCpuMs: cpu(c1), analyzeCpuMs: cpu(c2) - cpu(c1), messages, failures: r.failures.length };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export async function runAnalyzeBench(args: string[]): Promise<string> {
  const { values } = parseArgs({ args, options: { resources: { type: 'string', default: '10000' }, runs: { type: 'string', default: '3' }, keep: { type: 'boolean', default: false } } });
  const count = Number(values.resources);
  const runs = Number(values.runs);
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(runs) || runs < 1) throw new Error('--resources and --runs take positive integers');
  const root = mkdtempSync(join(tmpdir(), 'sextant-bench-analyze-'));
  try {
    const tree = generateTree(root, count);
    const results: RunResult[] = [];
    for (let i = 0; i < runs; i++) {
      (globalThis as { gc?: () => void }).gc?.();
      results.push(once(root));
    }
    const total = median(results.map((r) => r.loadMs + r.analyzeMs));
    const cpuTotal = median(results.map((r) => r.loadCpuMs + r.analyzeCpuMs));
    const last = results[results.length - 1];
    const found = [...last.messages.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([c, n]) => `${c} ${n}`);
    const lines = [
      `analyze: ${tree.resources} resources in ${tree.files} files (${Object.entries(tree.kinds).map(([k, n]) => `${k} ${n}`).join(', ')})`,
      `  runs (load + analyze, ms): ${results.map((r) => `${r.loadMs.toFixed(0)} + ${r.analyzeMs.toFixed(0)}`).join(', ')}`,
      `  median load:      ${median(results.map((r) => r.loadMs)).toFixed(0)} ms wall, ${median(results.map((r) => r.loadCpuMs)).toFixed(0)} ms cpu`,
      `  median analyze:   ${median(results.map((r) => r.analyzeMs)).toFixed(0)} ms wall, ${median(results.map((r) => r.analyzeCpuMs)).toFixed(0)} ms cpu`,
      `  median total:     ${total.toFixed(0)} ms wall, ${cpuTotal.toFixed(0)} ms cpu (target ≤ 2000 ms) ${Math.min(total, cpuTotal) <= 2000 ? 'OK' : 'OVER TARGET'}`,
      `  load average:     ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cpus (wall time suffers on a busy machine)`,
      `  messages:         ${found.join(', ') || 'none'}`,
      `  peak RSS:         ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
      `  node ${process.version}, ${cpus()[0]?.model ?? 'unknown cpu'}, single thread`,
    ];
    if (last.failures > 0) lines.push(`  WARNING: ${last.failures} analyzer(s) threw`);
    if (values.keep) lines.push(`  tree kept at ${root}`);
    return lines.join('\n');
  } finally {
    if (!values.keep) rmSync(root, { recursive: true, force: true });
  }
}
