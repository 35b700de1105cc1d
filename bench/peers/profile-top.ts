/**
 * Summarises V8 `.cpuprofile` files (from `--profile DIR`, i.e. node --cpu-prof) as the top
 * functions by self time: function name, file:line relative to the repository, milliseconds and
 * share of the non-idle time. Also runnable: `node --import tsx bench/peers/profile-top.ts FILE [N]`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from './runner-build.ts';

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  fn: string;
  where: string;
  ms: number;
  share: number;
}

function place(url: string, line: number): string {
  if (!url) return '(native)';
  let path = url;
  if (url.startsWith('file://')) {
    try {
      path = relative(REPO_ROOT, fileURLToPath(url));
    } catch {
      path = url;
    }
  }
  return `${path}:${line + 1}`;
}

/** The n functions with the most self time; idle time is left out of the shares. */
export function topSelfTime(profile: CpuProfile, n = 20): { total: number; idle: number; top: SelfTime[] } {
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const acc = new Map<string, SelfTime>();
  let total = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id);
    if (!node) return;
    const fn = node.callFrame.functionName || '(anonymous)';
    if (fn === '(idle)') {
      idle += us;
      return;
    }
    total += us;
    const where = place(node.callFrame.url, node.callFrame.lineNumber);
    const key = `${fn}@${where}`;
    const cur = acc.get(key) ?? { fn, where, ms: 0, share: 0 };
    cur.ms += us / 1000;
    acc.set(key, cur);
  });
  const top = [...acc.values()].sort((a, b) => b.ms - a.ms).slice(0, n);
  for (const t of top) t.share = total ? (t.ms * 1000) / total : 0;
  return { total: total / 1000, idle: idle / 1000, top };
}

export function formatTop(file: string, n = 20): string {
  const { total, idle, top } = topSelfTime(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, n);
  const lines = [`${file}: ${total.toFixed(0)} ms busy, ${idle.toFixed(0)} ms idle`, '| self ms | share | function | where |', '| ---: | ---: | --- | --- |'];
  for (const t of top) lines.push(`| ${t.ms.toFixed(1)} | ${(t.share * 100).toFixed(1)}% | ${t.fn} | ${t.where} |`);
  return lines.join('\n');
}

/** Every .cpuprofile in a directory, summarised. */
export function summariseProfiles(dir: string, n = 20): string {
  return readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => formatTop(join(dir, f), n)).join('\n\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(formatTop(process.argv[2], Number(process.argv[3] ?? 25)) + '\n');
}
