/**
 * The HTTP/1.1 connection pool of one host (Envoy's HTTP/1 ConnPoolImpl): reuses idle keep-alive
 * connections (most recent first); otherwise the request waits in the pending queue while a
 * connection is opened — within the cluster's circuit breakers: `maxPendingRequests` (a request
 * over it fails at once with `overflow`), `maxConnections` (no new connection: the request waits
 * for a busy one; the pool always may open its first) and `maxRequests` (checked when a request
 * is given a connection). A connect failure fails every pending request, as in Envoy. Connections
 * idle past the cluster's idle timeout or over `maxRequestsPerConnection` close; the pool drains
 * gracefully when its cluster goes away.
 */
import type { ResourceManager } from './circuit-breaker.ts';
import type { ClusterStats } from './cluster-stats.ts';
import type { Host } from './host.ts';
import { Http1Connection, type Http1Owner } from './http1-connection.ts';
import type { ConnectionPool, PoolCallbacks } from './upstream-stream.ts';

export interface PoolSettings {
  connectTimeoutMs: number;
  idleTimeoutMs: number;
  maxRequestsPerConnection: number;
  stats: ClusterStats;
  resources: ResourceManager;
  tcpKeepalive: { timeSeconds: number } | undefined;
}

/** Gives a connection-ready stream to `cb` unless `maxRequests` is reached (then `overflow`). */
export function attachWithinLimits(settings: PoolSettings, cb: PoolCallbacks): boolean {
  const requests = settings.resources.requests;
  if (!requests.canCreate()) {
    settings.stats.upstream_rq_pending_overflow++;
    cb.onPoolFailure('overflow', 'overflow');
    return false;
  }
  requests.inc();
  return true;
}

export class Http1Pool implements ConnectionPool, Http1Owner {
  private readonly idle: Http1Connection[] = [];
  private readonly all = new Set<Http1Connection>();
  private readonly pending: PoolCallbacks[] = [];
  private connecting = 0;
  private draining = false;

  constructor(private readonly host: Host, private readonly settings: PoolSettings) {}

  get connectTimeoutMs(): number {
    return this.settings.connectTimeoutMs;
  }

  get keepaliveMs(): number {
    return (this.settings.tcpKeepalive?.timeSeconds ?? 0) * 1000;
  }

  get busy(): boolean {
    return this.all.size > this.idle.length || this.pending.length > 0;
  }

  newStream(cb: PoolCallbacks): void {
    while (this.idle.length > 0) {
      const c = this.idle.pop()!;
      if (c.usable) {
        this.dispatch(c, cb);
        return;
      }
    }
    const st = this.settings.stats;
    const pending = this.settings.resources.pendingRequests;
    if (!pending.canCreate()) {
      st.upstream_rq_pending_overflow++;
      cb.onPoolFailure('overflow', 'overflow');
      return;
    }
    pending.inc();
    st.upstream_rq_pending_total++;
    st.upstream_rq_pending_active++;
    this.pending.push(cb);
    this.tryCreateConnection();
  }

  /** Opens a connection when pending requests outnumber those being connected for them. */
  private tryCreateConnection(): void {
    if (this.pending.length <= this.connecting) return;
    const connections = this.settings.resources.connections;
    if (!connections.canCreate() && this.all.size > 0) {
      this.settings.stats.upstream_cx_overflow++;
      return;
    }
    connections.inc();
    this.connecting++;
    const c = new Http1Connection(this, this.host);
    this.all.add(c);
    const st = this.settings.stats;
    st.upstream_cx_total++;
    st.upstream_cx_http1_total++;
    st.upstream_cx_active++;
    this.host.cxActive++;
  }

  private takePending(): PoolCallbacks | undefined {
    const cb = this.pending.shift();
    if (cb) {
      this.settings.resources.pendingRequests.dec();
      this.settings.stats.upstream_rq_pending_active--;
    }
    return cb;
  }

  /** Hands connection `c` to `cb`, or back to the pool when the request limit refuses it. */
  private dispatch(c: Http1Connection, cb: PoolCallbacks): void {
    if (!attachWithinLimits(this.settings, cb)) {
      this.release(c);
      return;
    }
    c.attach(cb);
    cb.onPoolReady(c);
  }

  cancel(cb: PoolCallbacks): void {
    const i = this.pending.indexOf(cb);
    if (i < 0) return;
    this.pending.splice(i, 1);
    this.settings.resources.pendingRequests.dec();
    this.settings.stats.upstream_rq_pending_active--;
  }

  onConnected(c: Http1Connection): void {
    this.connecting--;
    this.release(c);
  }

  onConnectFailed(c: Http1Connection, reason: string): void {
    this.connecting--;
    this.settings.stats.upstream_cx_connect_fail++;
    if (reason === 'connection_timeout') this.settings.stats.upstream_cx_connect_timeout++;
    // Envoy purges every pending request on a connect failure; a retry may queue again.
    const failed: PoolCallbacks[] = [];
    for (let cb = this.takePending(); cb; cb = this.takePending()) failed.push(cb);
    this.remove(c);
    for (const cb of failed) cb.onPoolFailure('connection_failure', reason);
  }

  /** A connection is free: serve the next pending request on it, else keep it idle (or close it). */
  release(c: Http1Connection): void {
    const max = this.settings.maxRequestsPerConnection;
    if (c.closed || (max > 0 && c.requests >= max)) {
      c.close();
      return;
    }
    // Requests already queued are served even while the pool drains.
    const next = this.takePending();
    if (next) {
      this.dispatch(c, next);
      return;
    }
    if (this.draining) {
      c.close();
      return;
    }
    c.lastUsed = Date.now();
    this.idle.push(c);
  }

  remove(c: Http1Connection): void {
    if (!this.all.delete(c)) return;
    this.settings.resources.connections.dec();
    this.settings.stats.upstream_cx_active--;
    this.settings.stats.upstream_cx_destroy++;
    this.host.cxActive--;
    const i = this.idle.indexOf(c);
    if (i >= 0) this.idle.splice(i, 1);
    // A connection went away: requests still waiting may now get a new one.
    this.tryCreateConnection();
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
    for (const cb of [...this.pending]) this.cancel(cb);
    for (const c of [...this.all]) c.close();
  }
}
