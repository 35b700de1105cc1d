/**
 * Reads a process tree's own resource use from /proc: CPU time (utime + stime of every live
 * process in the tree, plus cutime + cstime of reaped children), peak RSS (VmHWM) and current
 * RSS / PSS. Multi-process peers (nginx master + worker) are measured as one tree. Helper
 * processes that are not part of the proxy (the esbuild service a TypeScript loader may leave
 * running) are left out by name. Everything returns undefined where /proc is absent.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

/** Command names (comm) never counted as part of a proxy's tree. */
const EXCLUDED_COMM = new Set(['esbuild', 'taskset']);

let tickHz: number | undefined;

/** Clock ticks per second (`getconf CLK_TCK`, 100 on Linux). */
export function clockTicks(): number {
  if (tickHz === undefined) {
    try {
      tickHz = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      tickHz = 100;
    }
  }
  return tickHz;
}

export function procAvailable(): boolean {
  return existsSync('/proc/self/stat');
}

interface StatLine {
  comm: string;
  ppid: number;
  ticks: number;
}

function readStat(pid: number): StatLine | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    const f = text.slice(close + 2).split(' ');
    // Fields after comm start at field 3 (state): utime=14, stime=15, cutime=16, cstime=17.
    const at = (n: number): number => Number(f[n - 3]);
    return { comm, ppid: at(4), ticks: at(14) + at(15) + at(16) + at(17) };
  } catch {
    return undefined;
  }
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (text) out.push(...text.split(/\s+/).map(Number));
    }
    return out;
  } catch {
    // No children file: scan every process for its parent.
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const st = readStat(Number(name));
      if (st?.ppid === pid) out.push(Number(name));
    }
    return out;
  }
}

/** The pids of a process and all its descendants, less excluded helpers. */
export function processTree(root: number): number[] {
  const out: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    const st = readStat(pid);
    if (!st) continue;
    if (pid !== root && EXCLUDED_COMM.has(st.comm)) continue;
    out.push(pid);
    queue.push(...childrenOf(pid));
  }
  return out;
}

/** Total CPU seconds (user + system) used so far by the tree rooted at pid. */
export function treeCpuSeconds(root: number): number | undefined {
  if (!procAvailable()) return undefined;
  let ticks = 0;
  for (const pid of processTree(root)) ticks += readStat(pid)?.ticks ?? 0;
  return ticks / clockTicks();
}

function statusKb(pid: number, field: string): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function pssKb(pid: number): number {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) : statusKb(pid, 'VmRSS');
  } catch {
    return statusKb(pid, 'VmRSS');
  }
}

export interface MemorySample {
  /** Sum of VmHWM (peak resident set) over the tree, MiB. */
  peakRssMiB: number;
  /** Sum of VmRSS over the tree, MiB. */
  rssMiB: number;
  /** Sum of PSS (shared pages split between sharers) over the tree, MiB. */
  pssMiB: number;
  processes: number;
}

export function treeMemory(root: number): MemorySample | undefined {
  if (!procAvailable()) return undefined;
  const pids = processTree(root);
  let hwm = 0;
  let rss = 0;
  let pss = 0;
  for (const pid of pids) {
    hwm += statusKb(pid, 'VmHWM');
    rss += statusKb(pid, 'VmRSS');
    pss += pssKb(pid);
  }
  return { peakRssMiB: hwm / 1024, rssMiB: rss / 1024, pssMiB: pss / 1024, processes: pids.length };
}
