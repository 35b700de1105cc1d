/**
 * Duration checks that report through a ValidationContext: Istio's ValidateDuration (≥ 1ms,
 * millisecond precision), the CRD's ≥ 1ms rule, and "0 disables, negative is wrong".
 */
import { parseDuration } from '../../common/duration.ts';
import type { ValidationContext } from './context.ts';
import { validateDuration } from './rules/values.ts';

export type Holder = Record<string, any>;

/** Durations Istio checks with ValidateDuration: ≥ 1ms, millisecond precision. */
export function checkDuration(ctx: ValidationContext, holder: Holder, key: string, path: string): void {
  const e = validateDuration(holder[key] as string | undefined);
  if (e) ctx.error(`${path}.${key}`, e, holder, key);
}

/** Durations whose only rule is the CRD's `duration(self) >= duration('1ms')`. */
export function checkMin1ms(ctx: ValidationContext, holder: Holder, key: string, path: string): void {
  const ms = parseDuration(holder[key] as string);
  if (ms !== undefined && ms < 1) ctx.error(`${path}.${key}`, 'must be a valid duration greater than 1ms', holder, key);
}

/** Durations where 0 means "off" but a negative value makes no sense. */
export function checkNonNegative(ctx: ValidationContext, holder: Holder, key: string, path: string): void {
  const ms = parseDuration(holder[key] as string);
  if (ms !== undefined && ms < 0) ctx.error(`${path}.${key}`, `duration ${holder[key]} must not be negative; use 0s to disable`, holder, key);
}
