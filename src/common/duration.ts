/**
 * Durations as Istio writes them (Go's time.ParseDuration syntax: `10s`, `1.5s`, `100ms`, `1h30m`,
 * `300us`) and as Envoy's proto3 JSON writes them (`0.250s`).
 */

import { memoizeBounded } from './lru-cache.ts';

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/** Parses a Go-style duration into milliseconds; returns undefined when the syntax is wrong. */
export function parseDuration(text: string): number | undefined {
  if (typeof text !== 'string' || text.length === 0) return undefined;
  return parseRepeated(text);
}

/** Configuration repeats a few spellings (`10s`, `30s`, `5s`) thousands of times. */
const parseRepeated = memoizeBounded(parse, 512);

function parse(text: string): number | undefined {
  let s = text;
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  let total = 0;
  PART.lastIndex = 0;
  let pos = 0;
  while (pos < s.length) {
    PART.lastIndex = pos;
    const m = PART.exec(s);
    if (!m) return undefined;
    total += parseFloat(m[1]) * UNITS[m[2]];
    pos = PART.lastIndex;
  }
  return pos === 0 ? undefined : sign * total;
}

/** Milliseconds → proto3 JSON duration (`1.5s`, `0.000001s`, `0s`); nanosecond precision, as protobuf keeps. */
export function formatProtoDuration(ms: number): string {
  if (ms === 0) return '0s';
  const seconds = ms / 1000;
  const fixed = Number.isInteger(seconds) ? String(seconds) : seconds.toFixed(9).replace(/\.?0+$/, '');
  return `${fixed}s`;
}

/** Milliseconds → Go-style text (`1.5s`, `100ms`), for messages. */
export function formatDuration(ms: number): string {
  if (ms !== 0 && Math.abs(ms) < 1) return `${+(ms * 1000).toFixed(3)}us`;
  if (Math.abs(ms) < 1000) return `${+ms.toFixed(3)}ms`;
  return `${+(ms / 1000).toFixed(3)}s`;
}
