/**
 * Parses wrk's text report (with --latency) into a LoadResult: `requests` are the 2xx/3xx answers
 * (wrk counts every response; the non-2xx ones are subtracted). Pure, so it is unit-tested.
 */
import type { LoadResult } from './loadgen.ts';

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

function toMs(value: string, unit: string): number {
  return Number(value) * (UNIT_MS[unit] ?? NaN);
}

export function parseWrk(out: string): LoadResult {
  const total = /(\d+) requests in ([\d.]+)(us|ms|s|m),/.exec(out);
  if (!total) throw new Error(`unexpected wrk output:\n${out.slice(-1500)}`);
  const pct = (p: number): number => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(out);
    return m ? toMs(m[1], m[2]) : NaN;
  };
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const notOk = Number(non2xx?.[1] ?? 0);
  const requests = Number(total[1]) - notOk;
  const seconds = toMs(total[2], total[3]) / 1000;
  // A closed connection counts as a read error when wrk itself asked for Connection: close; only
  // connect/write errors, timeouts and non-2xx answers are failures.
  const errors = notOk + (sock ? Number(sock[1]) + Number(sock[3]) + Number(sock[4]) : 0);
  return { tool: 'wrk', requests, seconds, rps: requests / seconds, p50: pct(50), p90: pct(90), p99: pct(99), errors };
}
