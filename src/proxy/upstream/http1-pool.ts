/**
 * The HTTP/1.1 connection pool of one host: reuses idle keep-alive connections (most recent
 * first), opens new ones on demand, closes connections idle past the cluster's idle timeout or
 * after `maxRequestsPerConnection`, and drains gracefully when its cluster goes away.
 */
import type { ClusterStats } from './cluster-stats.ts';
import type { Host } from './host.ts';
import { Http1Connection, type Http1Owner } from './http1-connection.ts';
import type { ConnectionPool, PoolCallbacks } from './upstream-stream.ts';

export interface PoolSettings {
  connectTimeoutMs: number;
  idleTimeoutMs: number;
  maxRequestsPerConnection: number;
  stats: ClusterStats;
}

export class Http1Pool implements ConnectionPool, Http1Owner {
  private readonly idle: Http1Connection[] = [];
  private readonly all = new Set<Http1Connection>();
  private draining = false;

  constructor(private readonly host: Host, private readonly settings: PoolSettings) {}

  get connectTimeoutMs(): number {
    return this.settings.connectTimeoutMs;
  }

  get busy(): boolean {
    return this.all.size > this.idle.length;
  }

  newStream(cb: PoolCallbacks): void {
    while (this.idle.length > 0) {
      const c = this.idle.pop()!;
      if (c.usable) {
        c.attach(cb);
        cb.onPoolReady(c);
        return;
      }
    }
    const c = new Http1Connection(this, this.host);
    c.pending = cb;
    this.all.add(c);
    this.settings.stats.upstream_cx_total++;
    this.settings.stats.upstream_cx_http1_total++;
    this.settings.stats.upstream_cx_active++;
    this.host.cxActive++;
  }

  cancel(cb: PoolCallbacks): void {
    for (const c of this.all) if (c.pending === cb) c.pending = null;
  }

  onConnected(c: Http1Connection): void {
    const cb = c.pending;
    c.pending = null;
    if (!cb) {
      this.release(c);
      return;
    }
    c.attach(cb);
    cb.onPoolReady(c);
  }

  onConnectFailed(c: Http1Connection, reason: string): void {
    this.settings.stats.upstream_cx_connect_fail++;
    if (reason === 'connection_timeout') this.settings.stats.upstream_cx_connect_timeout++;
    this.remove(c);
    const cb = c.pending;
    c.pending = null;
    cb?.onPoolFailure('connection_failure', reason);
  }

  release(c: Http1Connection): void {
    const max = this.settings.maxRequestsPerConnection;
    if (this.draining || c.closed || (max > 0 && c.requests >= max)) {
      c.close();
      return;
    }
    c.lastUsed = Date.now();
    this.idle.push(c);
  }

  remove(c: Http1Connection): void {
    if (!this.all.delete(c)) return;
    this.settings.stats.upstream_cx_active--;
    this.settings.stats.upstream_cx_destroy++;
    this.host.cxActive--;
    const i = this.idle.indexOf(c);
    if (i >= 0) this.idle.splice(i, 1);
  }

  sweep(now: number): void {
    const limit = this.settings.idleTimeoutMs;
    if (limit <= 0) return;
    for (const c of [...this.idle]) if (now - c.lastUsed >= limit) c.close();
  }

  drain(): void {
    this.draining = true;
    for (const c of [...this.idle]) c.close();
  }

  destroy(): void {
    this.draining = true;
    for (const c of [...this.all]) c.close();
  }
}
