/**
 * Exponential reconnect backoff with jitter, the gRPC connection-backoff shape: 1 s, ×1.6, capped
 * at 30 s by default, ±20 % jitter; reset after a stream delivers a response.
 */

export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  multiplier?: number;
  /** Fraction of the delay randomly added or removed (0..1). */
  jitter?: number;
}

export class Backoff {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly multiplier: number;
  readonly jitter: number;
  #current: number;
  /** Attempts since the last reset. */
  attempts = 0;

  constructor(opts: BackoffOptions = {}, private readonly random: () => number = Math.random) {
    this.initialMs = opts.initialMs ?? 1000;
    this.maxMs = opts.maxMs ?? 30_000;
    this.multiplier = opts.multiplier ?? 1.6;
    this.jitter = opts.jitter ?? 0.2;
    if (!(this.initialMs > 0) || !(this.maxMs >= this.initialMs) || !(this.multiplier >= 1) || !(this.jitter >= 0 && this.jitter <= 1)) {
      throw new RangeError(`invalid backoff ${JSON.stringify(opts)}: need 0 < initialMs ≤ maxMs, multiplier ≥ 1, 0 ≤ jitter ≤ 1`);
    }
    this.#current = this.initialMs;
  }

  /** The delay before the next attempt; grows the base delay. */
  next(): number {
    const base = this.#current;
    this.#current = Math.min(this.maxMs, this.#current * this.multiplier);
    this.attempts++;
    const spread = base * this.jitter * (this.random() * 2 - 1);
    return Math.max(0, Math.round(base + spread));
  }

  reset(): void {
    this.#current = this.initialMs;
    this.attempts = 0;
  }
}
