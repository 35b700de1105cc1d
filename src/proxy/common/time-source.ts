/**
 * Envoy's TimeSource, injectable: outlier detection (ejection times, interval sweeps) and other
 * time-based decisions read `monotonicMs()` from a `TimeSource` instead of the global clock, so
 * unit tests advance a `ManualTimeSource` by hand. `SYSTEM_TIME` is the default.
 */
import { monotonicMs } from './clock.ts';

export interface TimeSource {
  /** Monotonic milliseconds (fractional), for durations and deadlines. */
  monotonicMs(): number;
}

export const SYSTEM_TIME: TimeSource = { monotonicMs };

/** A clock that moves only when told to. */
export class ManualTimeSource implements TimeSource {
  constructor(private now = 0) {}

  monotonicMs(): number {
    return this.now;
  }

  advance(ms: number): void {
    this.now += ms;
  }

  set(ms: number): void {
    this.now = ms;
  }
}
