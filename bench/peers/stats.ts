/**
 * Small statistics for the peers benchmark: median, spread of repeated runs, and percentiles of
 * raw latency samples. Pure functions, no I/O.
 */

/** The median of the finite values (NaN when there are none). */
export function median(xs: readonly number[]): number {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Half the range of the finite values relative to their median, in percent (0 for one value). */
export function spreadPercent(xs: readonly number[]): number {
  const s = xs.filter((x) => Number.isFinite(x));
  if (s.length < 2) return 0;
  const m = median(s);
  if (!m) return 0;
  return ((Math.max(...s) - Math.min(...s)) / 2 / Math.abs(m)) * 100;
}

/** The p-th percentile (0–100) of samples, nearest-rank on a sorted copy; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** Sextant ÷ peer, NaN when either side is missing. */
export function ratio(sextant: number, peer: number): number {
  if (!Number.isFinite(sextant) || !Number.isFinite(peer) || peer === 0) return NaN;
  return sextant / peer;
}
