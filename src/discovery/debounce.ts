/**
 * Istio's push debounce: change events are merged until `delayMs` pass with no new event (quiet
 * period), or `maxDelayMs` pass since the first one, then one merged push fires. A delay of 0
 * still merges the events of one tick.
 */
import type { ConfigChange } from './generator.ts';

export interface MergedChange {
  reasons: Record<string, number>;
  configs: string[];
  /** When the first change of the burst arrived (ms since epoch). */
  firstAt: number;
  events: number;
}

export class Debouncer {
  #pending: MergedChange | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly delayMs: number,
    private readonly maxDelayMs: number,
    private readonly fire: (merged: MergedChange) => void,
    private readonly now: () => number = Date.now,
  ) {
    if (!(delayMs >= 0) || !(maxDelayMs >= delayMs)) throw new RangeError(`debounce ${delayMs} ms / max ${maxDelayMs} ms: need 0 ≤ delay ≤ max`);
  }

  add(change: ConfigChange): void {
    const p = (this.#pending ??= { reasons: {}, configs: [], firstAt: this.now(), events: 0 });
    const reason = change.reason ?? 'config';
    p.reasons[reason] = (p.reasons[reason] ?? 0) + 1;
    for (const c of change.configs ?? []) if (p.configs.length < 100 && !p.configs.includes(c)) p.configs.push(c);
    p.events++;
    if (this.#timer) clearTimeout(this.#timer);
    const waited = this.now() - p.firstAt;
    const wait = Math.max(0, Math.min(this.delayMs, this.maxDelayMs - waited));
    this.#timer = setTimeout(() => this.flush(), wait);
  }

  /** Fires the pending merged change now, if any. */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    const p = this.#pending;
    this.#pending = undefined;
    if (p) this.fire(p);
  }

  get pending(): boolean {
    return this.#pending !== undefined;
  }

  cancel(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = undefined;
  }
}
