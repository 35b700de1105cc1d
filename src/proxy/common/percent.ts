/** Envoy's FractionalPercent and RuntimeFractionalPercent as sampling decisions. */
import type { FractionalPercent, RuntimeFractionalPercent } from '../../envoy/types.ts';

const DENOMINATORS = { HUNDRED: 100, TEN_THOUSAND: 10_000, MILLION: 1_000_000 } as const;

/** Probability in [0, 1] of a FractionalPercent (absent = 0). */
export function fractionOf(p: FractionalPercent | undefined): number {
  if (!p) return 0;
  const d = DENOMINATORS[p.denominator ?? 'HUNDRED'] ?? 100;
  return Math.min(1, Math.max(0, (p.numerator ?? 0) / d));
}

/** Probability of a RuntimeFractionalPercent (runtime overrides are not supported: the default applies). */
export function runtimeFractionOf(p: RuntimeFractionalPercent | undefined, whenAbsent: number): number {
  if (!p) return whenAbsent;
  return fractionOf(p.defaultValue);
}

/** A sampling decision with probability `fraction`. */
export function sample(fraction: number): boolean {
  return fraction >= 1 ? true : fraction <= 0 ? false : Math.random() < fraction;
}
