/**
 * Envoy's JitteredExponentialBackOffStrategy: the n-th back-off is uniform in [0, interval) where
 * the interval starts at the base (25 ms unless `retryBackOff.baseInterval`), doubles after each
 * retry, and is capped at the max (10 × base unless `retryBackOff.maxInterval`) — "full jitter".
 */
import type { RandomSource } from '../../common/random.ts';

export class JitteredBackOff {
  private next: number;

  constructor(
    private readonly baseMs: number,
    private readonly maxMs: number,
    private readonly random: RandomSource,
  ) {
    this.next = baseMs;
  }

  /** The interval the next back-off is drawn from. */
  get intervalMs(): number {
    return this.next;
  }

  nextBackOffMs(): number {
    const interval = this.next;
    this.next = this.next < this.maxMs / 2 ? this.next * 2 : this.maxMs;
    return Math.floor(this.random.random() * interval);
  }
}
