/**
 * A fixed reference workload for the xDS benchmark, so its CPU figures can be compared across
 * machines and across loaded and quiet runs: JSON serialisation and parsing, SHA-1 and buffer
 * copies over a fixed 60 KB object — the same kinds of work as a push, but in code that never
 * changes with Sextant's sources. `referenceCpuMs()` runs it several times and keeps the fastest
 * CPU time (user + system); the benchmark reports server CPU per change ÷ this figure.
 */
import { createHash } from 'node:crypto';

function referenceObject(): unknown {
  return Array.from({ length: 200 }, (_, i) => ({
    name: `outbound|80|v${i % 3}|svc-${i}.bench.svc.cluster.local`,
    domains: [`svc-${i}`, `svc-${i}.bench`, `svc-${i}.bench.svc.cluster.local:80`],
    routes: [{ match: { prefix: `/api-${i}/` }, weights: [i % 100, 100 - (i % 100)], timeout: '15s', retries: { attempts: 3, on: 'connect-failure,refused-stream' } }],
  }));
}

const OBJECT = referenceObject();
let sink = 0;

/** One pass of the reference loop (deterministic work, about 20–40 ms on a 2020s laptop core). */
export function referencePass(): void {
  for (let k = 0; k < 40; k++) {
    const text = JSON.stringify(OBJECT);
    const back = JSON.parse(text) as unknown[];
    const digest = createHash('sha1').update(text).digest();
    const copy = Buffer.concat([Buffer.from(text), digest]);
    sink = (sink + back.length + copy[k % copy.length]) | 0;
  }
}

/** CPU milliseconds of the fastest of `runs` passes (the least disturbed by other work). */
export function referenceCpuMs(runs = 7): number {
  referencePass(); // warm-up: JIT
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const t0 = process.cpuUsage();
    referencePass();
    const d = process.cpuUsage(t0);
    best = Math.min(best, (d.user + d.system) / 1000);
  }
  return best + (sink === -1 ? 1 : 0);
}
