/**
 * The HTTP/2 connection pool of one host (clusters whose protocol options ask for HTTP/2, e.g.
 * gRPC backends): one multiplexed session (h2c, or TLS with ALPN h2), requests queued while it
 * connects (within `maxPendingRequests`; `maxRequests` checked per stream), trailers passed
 * through intact, a fresh session after GOAWAY or close.
 */
import http2 from 'node:http2';
import type { RequestHeaders } from '../router/header-mutation.ts';
import type { ClusterStats } from './cluster-stats.ts';
import { connectHost, transportFailureReason } from './connect.ts';
import type { Host } from './host.ts';
import { attachWithinLimits, type PoolSettings } from './http1-pool.ts';
import { HOP_BY_HOP, type ConnectionPool, type PoolCallbacks, type UpstreamRequestHead, type UpstreamStream } from './upstream-stream.ts';

const { NGHTTP2_CANCEL, NGHTTP2_REFUSED_STREAM } = http2.constants;

function toFlat(h: http2.IncomingHttpHeaders): string[] {
  const out: string[] = [];
  for (const k in h) {
    if (k[0] === ':') continue;
    const v = h[k];
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const x of v) out.push(k, x);
    else out.push(k, String(v));
  }
  return out;
}

function toH2Headers(head: UpstreamRequestHead): http2.OutgoingHttpHeaders {
  const out: http2.OutgoingHttpHeaders = { ':method': head.method, ':path': head.path, ':authority': head.authority, ':scheme': head.scheme };
  const h = head.headers;
  for (const k in h) {
    const v = h[k];
    if (v === undefined || k === 'host' || k[0] === ':') continue;
    if (HOP_BY_HOP.has(k)) {
      if (k === 'te' && v === 'trailers') out.te = v;
      continue;
    }
    out[k] = v;
  }
  return out;
}

class Http2UpstreamStream implements UpstreamStream {
  readonly protocol = 'HTTP/2' as const;
  private req: http2.ClientHttp2Stream | undefined;
  private done = false;

  constructor(
    private readonly pool: Http2Pool,
    private readonly session: http2.ClientHttp2Session,
    private readonly cb: PoolCallbacks,
    readonly localAddress: string,
    readonly reused: boolean,
  ) {}

  sendHeaders(head: UpstreamRequestHead, endStream: boolean): void {
    let req: http2.ClientHttp2Stream;
    try {
      req = this.session.request(toH2Headers(head), { endStream });
    } catch (e) {
      this.fail('connection_termination', (e as Error).message);
      return;
    }
    this.req = req;
    req.on('response', (headers, flags) => {
      const status = Number(headers[':status']);
      this.cb.onUpstreamHeaders(status, toFlat(headers), (flags & http2.constants.NGHTTP2_FLAG_END_STREAM) !== 0);
    });
    let trailers: string[] | undefined;
    req.on('trailers', (t) => {
      trailers = toFlat(t);
    });
    req.on('data', (chunk: Buffer) => this.cb.onUpstreamData(chunk));
    req.on('end', () => {
      if (this.done) return;
      this.done = true;
      this.pool.streamDone();
      this.cb.onUpstreamEnd(trailers);
    });
    req.on('error', () => {});
    req.on('close', () => {
      if (this.done) return;
      const code = req.rstCode ?? 0;
      this.fail('remote_reset', code === NGHTTP2_REFUSED_STREAM ? 'refused_stream' : `stream_reset_code_${code}`);
    });
  }

  private fail(reason: 'remote_reset' | 'connection_termination', details: string): void {
    if (this.done) return;
    this.done = true;
    this.pool.streamDone();
    this.cb.onUpstreamReset(reason, details);
  }

  sendData(chunk: Buffer): boolean {
    return this.req ? this.req.write(chunk) : true;
  }

  onWritable(cb: () => void): void {
    if (this.req) this.req.once('drain', cb);
    else cb();
  }

  sendEnd(trailers?: RequestHeaders): void {
    if (!this.req) return;
    if (trailers && Object.keys(trailers).length > 0) {
      this.req.once('wantTrailers', () => this.req!.sendTrailers(trailers as http2.OutgoingHttpHeaders));
    }
    this.req.end();
  }

  pauseResponse(): void {
    this.req?.pause();
  }

  resumeResponse(): void {
    this.req?.resume();
  }

  reset(): void {
    if (!this.done) this.pool.streamDone();
    this.done = true;
    if (this.req && !this.req.closed) this.req.close(NGHTTP2_CANCEL);
  }
}

export class Http2Pool implements ConnectionPool {
  private session: http2.ClientHttp2Session | undefined;
  private ready = false;
  private localAddress = '';
  private streamsOpened = 0;
  private pending: PoolCallbacks[] = [];
  private draining = false;
  private readonly stats: ClusterStats;

  constructor(private readonly host: Host, private readonly settings: PoolSettings) {
    this.stats = settings.stats;
  }

  private active = 0;

  get busy(): boolean {
    return this.pending.length > 0 || this.active > 0;
  }

  streamDone(): void {
    this.active--;
    if (this.draining && this.active === 0) this.session?.close();
  }

  newStream(cb: PoolCallbacks): void {
    if (this.session && this.ready && !this.session.closed && !this.session.destroyed) {
      this.attach(this.session, cb);
      return;
    }
    const pending = this.settings.resources.pendingRequests;
    if (!pending.canCreate()) {
      this.stats.upstream_rq_pending_overflow++;
      cb.onPoolFailure('overflow', 'overflow');
      return;
    }
    pending.inc();
    this.stats.upstream_rq_pending_total++;
    this.stats.upstream_rq_pending_active++;
    this.pending.push(cb);
    if (!this.session) this.connect();
  }

  private attach(session: http2.ClientHttp2Session, cb: PoolCallbacks): void {
    if (!attachWithinLimits(this.settings, cb)) return;
    this.streamsOpened++;
    this.active++;
    cb.onPoolReady(new Http2UpstreamStream(this, session, cb, this.localAddress, this.streamsOpened > 1));
  }

  /** The waiting requests, taken off the pending queue (and its circuit breaker). */
  private takeAllPending(): PoolCallbacks[] {
    const waiting = this.pending;
    this.pending = [];
    for (let i = 0; i < waiting.length; i++) this.settings.resources.pendingRequests.dec();
    this.stats.upstream_rq_pending_active -= waiting.length;
    return waiting;
  }

  cancel(cb: PoolCallbacks): void {
    const i = this.pending.indexOf(cb);
    if (i < 0) return;
    this.pending.splice(i, 1);
    this.settings.resources.pendingRequests.dec();
    this.stats.upstream_rq_pending_active--;
  }

  private connect(): void {
    this.ready = false;
    this.settings.resources.connections.inc();
    this.stats.upstream_cx_total++;
    this.stats.upstream_cx_http2_total++;
    this.stats.upstream_cx_active++;
    this.host.cxActive++;
    const scheme = this.host.tls ? 'https' : 'http';
    let failed = false;
    const socket = connectHost(this.host, this.settings.connectTimeoutMs, ['h2'], (err) => {
      if (!err) return;
      failed = true;
      this.stats.upstream_cx_connect_fail++;
      this.onSessionGone(session);
      this.failPending('connection_failure', transportFailureReason(err));
    }, (this.settings.tcpKeepalive?.timeSeconds ?? 0) * 1000);
    const session = http2.connect(`${scheme}://${this.host.addressText}`, { createConnection: () => socket });
    this.session = session;
    session.on('connect', () => {
      if (failed) return;
      this.ready = true;
      this.localAddress = `${socket.localAddress}:${socket.localPort}`;
      for (const cb of this.takeAllPending()) this.attach(session, cb);
    });
    session.on('error', () => {});
    session.on('goaway', () => this.onSessionGone(session));
    session.on('close', () => {
      this.onSessionGone(session);
      if (this.pending.length > 0 && !failed) this.failPending('connection_failure', 'connection_termination');
    });
  }

  private onSessionGone(session: http2.ClientHttp2Session): void {
    if (this.session !== session) return;
    this.session = undefined;
    this.ready = false;
    this.streamsOpened = 0;
    this.settings.resources.connections.dec();
    this.stats.upstream_cx_active--;
    this.stats.upstream_cx_destroy++;
    this.host.cxActive--;
    if (!session.closed) session.close();
  }

  private failPending(reason: 'connection_failure', details: string): void {
    for (const cb of this.takeAllPending()) cb.onPoolFailure(reason, details);
  }

  sweep(): void {
    // Sessions stay open; idle HTTP/2 connections are cheap and closed on drain.
  }

  drain(): void {
    this.draining = true;
    const s = this.session;
    if (s && !s.closed) s.close();
  }

  destroy(): void {
    this.draining = true;
    const s = this.session;
    this.session = undefined;
    if (s && !s.destroyed) s.destroy();
  }
}
