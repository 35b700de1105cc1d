/**
 * Envoy's response flags (`%RESPONSE_FLAGS%`): a bit set per stream, printed as the short codes
 * (`UH,URX`) in Envoy's canonical order, or `-` when none is set.
 */

export const FLAG = {
  LH: 1 << 0, // failed local health check
  UH: 1 << 1, // no healthy upstream
  UT: 1 << 2, // upstream request timeout
  LR: 1 << 3, // local reset
  UR: 1 << 4, // upstream remote reset
  UF: 1 << 5, // upstream connection failure
  UC: 1 << 6, // upstream connection termination
  UO: 1 << 7, // upstream overflow (circuit breaking)
  NR: 1 << 8, // no route found
  DI: 1 << 9, // delay injected
  FI: 1 << 10, // fault injected
  RL: 1 << 11, // rate limited
  UAEX: 1 << 12, // unauthorized by external service
  RLSE: 1 << 13, // rate limit service error
  DC: 1 << 14, // downstream connection termination
  URX: 1 << 15, // upstream retry limit exceeded
  SI: 1 << 16, // stream idle timeout
  IH: 1 << 17, // invalid envoy request headers
  DPE: 1 << 18, // downstream protocol error
  UMSDR: 1 << 19, // upstream max stream duration reached
  DT: 1 << 20, // duration timeout
  UPE: 1 << 21, // upstream protocol error
  NC: 1 << 22, // no cluster found
  DF: 1 << 23, // DNS resolution failed
  DR: 1 << 24, // downstream remote reset
} as const;

export type FlagName = keyof typeof FLAG;

const ORDER = Object.entries(FLAG) as [FlagName, number][];
const cache = new Map<number, string>();

/** `-` for no flags, else the short codes joined by commas in Envoy's order. */
export function formatFlags(flags: number): string {
  if (flags === 0) return '-';
  let s = cache.get(flags);
  if (s === undefined) {
    s = ORDER.filter(([, bit]) => (flags & bit) !== 0)
      .map(([name]) => name)
      .join(',');
    if (cache.size < 1024) cache.set(flags, s);
  }
  return s;
}
