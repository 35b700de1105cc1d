/**
 * Envoy's RandomGenerator, injectable: every sampling decision on the data plane (load balancer
 * picks, fault percentages, mirror fractions, retry back-off jitter, outlier enforcement) draws
 * from a `RandomSource`, so unit tests can replay a fixed sequence. `MATH_RANDOM` is the default;
 * `seededRandom(seed)` is a small deterministic generator (splitmix32) for tests and benchmarks.
 */

export interface RandomSource {
  /** A uniform float in [0, 1). */
  random(): number;
}

export const MATH_RANDOM: RandomSource = { random: Math.random };

/** A uniform integer in [0, n) (n > 0). */
export function randomInt(r: RandomSource, n: number): number {
  return Math.floor(r.random() * n);
}

/** A uniform unsigned 64-bit value, from two 32-bit draws (Envoy's `random()` is 64 bits wide). */
export function random64(r: RandomSource): bigint {
  const hi = BigInt(Math.floor(r.random() * 0x1_0000_0000));
  const lo = BigInt(Math.floor(r.random() * 0x1_0000_0000));
  return (hi << 32n) | lo;
}

/** True with probability `fraction` (1 always, 0 never; no draw is spent at either end). */
export function sampleFraction(r: RandomSource, fraction: number): boolean {
  if (fraction >= 1) return true;
  if (fraction <= 0) return false;
  return r.random() < fraction;
}

/** A deterministic generator (splitmix32): the same seed gives the same sequence. */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return {
    random(): number {
      state = (state + 0x9e3779b9) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      z = (z ^ (z >>> 16)) >>> 0;
      return z / 0x1_0000_0000;
    },
  };
}

/** A source replaying `values` in order (then cycling), for tests that script each draw. */
export function scriptedRandom(values: readonly number[]): RandomSource {
  let i = 0;
  return {
    random(): number {
      const v = values[i % values.length];
      i++;
      return v;
    },
  };
}
