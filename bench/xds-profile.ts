/**
 * CPU profiling for the xDS benchmark: `startCpuProfile()` starts V8's sampling profiler in this
 * process through node:inspector (so only the window of interest is profiled, not the initial sync),
 * and `summarizeProfile()` turns a .cpuprofile into the heaviest functions by self time and the
 * share of time per area (our src/discovery and src/envoy, grpc-js, protobufjs, Node internals, GC).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Starts profiling; the returned function stops it, writes `file` and resolves to the profile. */
export async function startCpuProfile(file: string, intervalUs = 500): Promise<() => Promise<CpuProfile>> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
    session.disconnect();
    writeFileSync(file, JSON.stringify(profile));
    return profile;
  };
}

function area(url: string, fn: string): string {
  if (fn === '(garbage collector)') return 'GC';
  if (fn === '(idle)' || fn === '(program)') return fn;
  if (url.includes('/src/discovery/')) return 'src/discovery';
  if (url.includes('/src/envoy/')) return 'src/envoy';
  if (url.includes('@grpc/grpc-js/')) return 'grpc-js';
  if (url.includes('protobufjs') || url.includes('@protobufjs')) return 'protobufjs';
  if (url.includes('prom-client')) return 'prom-client';
  if (url.includes('/bench/')) return 'bench (generator)';
  if (url.startsWith('node:')) return 'node internals';
  return url ? 'other JS' : 'native / builtins';
}

/** Top functions by self time, and self time per area, as text. */
export function summarizeProfile(p: CpuProfile, top = 15): string {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  // Samples taken while the profiler itself was starting (under node:inspector) are not the workload's.
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const profilerOwn = (id: number): boolean => {
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) if (byId.get(cur)!.callFrame.url === 'node:inspector') return true;
    return false;
  };
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
  const fns = new Map<string, number>();
  const areas = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of self) {
    if (profilerOwn(id)) continue;
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const a = area(url, functionName);
    areas.set(a, (areas.get(a) ?? 0) + us);
    if (a === '(idle)') continue;
    busy += us;
    const key = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(node_modules|src|bench)\//, '$1/')}:${lineNumber + 1}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
  }
  const ms = (us: number) => `${(us / 1000).toFixed(1)} ms`.padStart(10);
  const lines = [`profile: ${ms(p.endTime - p.startTime).trim()} wall, ${ms(busy).trim()} busy (not idle)`, 'self time by area:'];
  for (const [a, us] of [...areas].sort((x, y) => y[1] - x[1])) lines.push(`${ms(us)}  ${a}`);
  lines.push(`top ${top} functions by self time:`);
  for (const [f, us] of [...fns].sort((x, y) => y[1] - x[1]).slice(0, top)) lines.push(`${ms(us)}  ${f}`);
  return lines.join('\n');
}
