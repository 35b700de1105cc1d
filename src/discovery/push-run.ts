/**
 * One push over every connected proxy, run in slices: each slice sends to connections until it has
 * spent `sliceMs` (checked every few connections), then yields to the event loop with setImmediate
 * so the responses already written go out on the wire — the first proxies receive and ACK their
 * configuration while the server is still sending to the last ones — and ACKs, new streams and
 * debug requests are served between slices. A small push (fewer connections than one slice holds)
 * completes synchronously. A newer push cancels the one in flight (it covers every proxy anyway).
 */
import type { XdsConnection } from './connection.ts';

export interface PushRunResult {
  /** Connections visited (still connected when their turn came). */
  proxies: number;
  proxiesPushed: number;
  responses: number;
  /** True when a newer push took over before this one reached every connection. */
  superseded: boolean;
}

/** Sends one connection its share of the push; returns the number of responses written. */
export type PushStep = (conn: XdsConnection) => number;

export class PushRun {
  readonly #queue: XdsConnection[];
  #next = 0;
  #cancelled = false;
  readonly #result: PushRunResult = { proxies: 0, proxiesPushed: 0, responses: 0, superseded: false };

  constructor(
    connections: Iterable<XdsConnection>,
    private readonly isConnected: (conn: XdsConnection) => boolean,
    private readonly step: PushStep,
    private readonly done: (result: PushRunResult) => void,
    private readonly sliceMs = 8,
  ) {
    this.#queue = [...connections];
  }

  /** Runs the first slice now; later slices follow on setImmediate. */
  start(): void {
    this.#slice();
  }

  /** Stops before the next connection; `done` is called with `superseded: true`. */
  cancel(): void {
    if (this.#cancelled || this.#next > this.#queue.length) return;
    this.#cancelled = true;
    this.#result.superseded = true;
    this.#finish();
  }

  #slice(): void {
    if (this.#cancelled) return;
    const deadline = performance.now() + this.sliceMs;
    while (this.#next < this.#queue.length) {
      const conn = this.#queue[this.#next++];
      if (!this.isConnected(conn)) continue;
      this.#result.proxies++;
      const n = this.step(conn);
      this.#result.responses += n;
      if (n > 0) this.#result.proxiesPushed++;
      if (this.#next % 16 === 0 && performance.now() > deadline && this.#next < this.#queue.length) {
        setImmediate(() => this.#slice());
        return;
      }
    }
    this.#finish();
  }

  #finish(): void {
    this.#next = this.#queue.length + 1;
    this.done(this.#result);
  }
}
