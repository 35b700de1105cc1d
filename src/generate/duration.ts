/**
 * Go-style durations (`1.5s`, `250ms`) → canonical proto3 JSON durations as Envoy's config_dump
 * prints them: whole seconds as `5s`, otherwise 3, 6 or 9 fractional digits (`1.500s`).
 */
import { parseDuration } from '../common/duration.ts';

export function protoDuration(ms: number): string {
  const totalNanos = Math.round(ms * 1e6);
  const sign = totalNanos < 0 ? '-' : '';
  const abs = Math.abs(totalNanos);
  const seconds = Math.floor(abs / 1e9);
  const nanos = abs % 1e9;
  if (nanos === 0) return `${sign}${seconds}s`;
  const frac = nanos % 1e6 === 0 ? String(nanos / 1e6).padStart(3, '0') : nanos % 1e3 === 0 ? String(nanos / 1e3).padStart(6, '0') : String(nanos).padStart(9, '0');
  return `${sign}${seconds}.${frac}s`;
}

/** Parses Istio duration text; undefined when absent or malformed. */
export function toProtoDuration(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  return ms === undefined ? undefined : protoDuration(ms);
}
