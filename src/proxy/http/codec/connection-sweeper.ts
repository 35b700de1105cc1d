/**
 * One shared clock for the HTTP/1.1 connections' timeouts (request headers timeout, idle
 * timeout): instead of arming a timer per request, connections note coarse timestamps and a
 * single unref'd interval visits them. Its period is a quarter of the shortest timeout it serves
 * (10 ms to 1 s), so a timeout fires at most that much late or early.
 */

export interface Sweepable {
  /** Checks the connection's deadlines against `now` (Date.now() of this sweep). */
  sweep(now: number): void;
}

const MAX_PERIOD_MS = 1000;
const MIN_PERIOD_MS = 10;

class ConnectionSweeper {
  /** Date.now() as of the last sweep (or registration): the coarse clock connections stamp with. */
  now = Date.now();
  private readonly members = new Set<Sweepable>();
  private timer: NodeJS.Timeout | undefined;
  private period = MAX_PERIOD_MS;

  /** Registers `c`; `now` is fresh afterwards (connections stamp their start with it). */
  add(c: Sweepable, shortestTimeoutMs: number): void {
    this.members.add(c);
    if (!this.timer) this.now = Date.now();
    const want = Math.max(MIN_PERIOD_MS, Math.min(MAX_PERIOD_MS, Math.floor(shortestTimeoutMs / 4)));
    if (this.timer && want < this.period) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    if (!this.timer) {
      this.period = want;
      this.timer = setInterval(sweepAll, this.period, this);
      this.timer.unref();
    }
  }

  delete(c: Sweepable): void {
    this.members.delete(c);
    if (this.members.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
      this.period = MAX_PERIOD_MS;
    }
  }

  tick(): void {
    const now = Date.now();
    this.now = now;
    for (const c of this.members) c.sweep(now);
  }
}

function sweepAll(s: ConnectionSweeper): void {
  s.tick();
}

export const sweeper = new ConnectionSweeper();
