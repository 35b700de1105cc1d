/**
 * One upstream HTTP/1.1 connection: serializes request heads (chunked bodies when the length is
 * unknown), parses responses — simple ones in JavaScript (simple-response.ts), and with llhttp from
 * the first response that is not simple on — and returns itself to its pool when the exchange ends
 * on a reusable connection. A plaintext connection reads into the shared read buffer (net.connect's
 * `onread`). One request at a time; no closures per request.
 */
import type net from 'node:net';
import type { RequestHeaders } from '../router/header-mutation.ts';
import { connectHost, transportFailureReason, type ReadInto } from './connect.ts';
import { allocOut } from '../common/out-slab.ts';
import { SocketWriter } from '../common/socket-writer.ts';
import { SHARED_READ_BUFFER } from '../common/read-into.ts';
import type { Host } from './host.ts';
import { BODY, ResponseParser, SKIP_BODY, type ResponseHandler } from './llhttp.ts';
import { parseSimpleResponseHead } from './simple-response.ts';
import { HOP_BY_HOP, type PoolCallbacks, type UpstreamRequestHead, type UpstreamStream } from './upstream-stream.ts';

export interface Http1Owner {
  readonly connectTimeoutMs: number;
  /** TCP keepalive idle time in ms, 0 when off. */
  readonly keepaliveMs: number;
  onConnected(c: Http1Connection): void;
  onConnectFailed(c: Http1Connection, reason: string): void;
  release(c: Http1Connection): void;
  remove(c: Http1Connection): void;
}

const CRLF = '\r\n';
const NO_TRAILERS: string[] = [];

const CONN = Symbol('sextant.h1-upstream');
type TaggedSocket = net.Socket & { [CONN]?: Http1Connection };

/**
 * Plaintext upstream connections read into the shared buffer: a read is parsed before the next
 * one starts, and the parser copies what it hands out (header strings, body chunks), so nothing
 * outlives the call.
 */
const READ_INTO: ReadInto = {
  buffer: SHARED_READ_BUFFER,
  callback(this: TaggedSocket, nread: number, buffer: Buffer): boolean {
    this[CONN]?.onData(buffer.subarray(0, nread));
    return true;
  },
};

function onSocketData(this: TaggedSocket, d: Buffer): void {
  this[CONN]?.onData(d);
}
function onSocketEnd(this: TaggedSocket): void {
  this[CONN]?.onEnd();
}
function onSocketError(this: TaggedSocket, e: NodeJS.ErrnoException): void {
  const c = this[CONN];
  if (c) c.lastError = e;
}
function onSocketClose(this: TaggedSocket): void {
  this[CONN]?.onClose();
}

export class Http1Connection implements UpstreamStream, ResponseHandler {
  readonly protocol = 'HTTP/1.1' as const;
  localAddress = '';
  requests = 0;
  lastUsed = 0;
  closed = false;
  private readonly socket: net.Socket;
  private readonly writer: SocketWriter;
  private readonly parser: ResponseParser;
  private cb: PoolCallbacks | null = null;
  private connected = false;
  private chunked = false;
  private isHead = false;
  private requestDone = false;
  private responseDone = false;
  private informational = false;
  private keepAlive = true;
  /** Responses are parsed by the fast path until one is not simple; then llhttp parses them all. */
  private simple = true;
  /** Body bytes of the current fast-path response still to come; -1 while waiting for a head. */
  private bodyLeft = -1;
  lastError: NodeJS.ErrnoException | undefined;

  constructor(private readonly owner: Http1Owner, host: Host) {
    this.parser = new ResponseParser(this);
    const s: TaggedSocket = connectHost(host, owner.connectTimeoutMs, undefined, (err) => this.onConnect(err), owner.keepaliveMs, READ_INTO);
    s[CONN] = this;
    // Plaintext sockets read through READ_INTO; resume() starts them flowing (for 'end').
    if (host.tls) s.on('data', onSocketData);
    else s.resume();
    s.on('end', onSocketEnd);
    s.on('error', onSocketError);
    s.on('close', onSocketClose);
    this.socket = s;
    this.writer = new SocketWriter(s);
  }

  get reused(): boolean {
    return this.requests > 1;
  }

  get usable(): boolean {
    return !this.closed && this.connected && this.cb === null;
  }

  private onConnect(err: Error | undefined): void {
    if (err) {
      this.closed = true;
      this.socket.destroy();
      this.owner.onConnectFailed(this, transportFailureReason(err));
      return;
    }
    this.connected = true;
    this.localAddress = `${this.socket.localAddress}:${this.socket.localPort}`;
    this.owner.onConnected(this);
  }

  /** Binds the next request to this connection. */
  attach(cb: PoolCallbacks): void {
    // A downstream that could not take the last response's bytes paused reading, and the exchange
    // may have completed within the same read: a reused connection must read its next response.
    if (this.socket.isPaused()) this.socket.resume();
    this.cb = cb;
    this.requests++;
    this.requestDone = false;
    this.responseDone = false;
    this.informational = false;
  }

  sendHeaders(head: UpstreamRequestHead, endStream: boolean): void {
    this.isHead = head.method === 'HEAD';
    this.chunked = head.contentLength < 0 && !endStream;
    let s = `${head.method} ${head.path} HTTP/1.1${CRLF}host: ${head.authority}${CRLF}`;
    const h = head.headers;
    for (const k in h) {
      const v = h[k];
      if (v === undefined || k === 'host' || HOP_BY_HOP.has(k)) continue;
      if (typeof v === 'string') s += k + ': ' + v + CRLF;
      else for (let i = 0; i < v.length; i++) s += k + ': ' + v[i] + CRLF;
    }
    if (this.chunked) s += 'transfer-encoding: chunked' + CRLF;
    this.writer.write(s + CRLF);
    if (endStream) this.requestDone = true;
  }

  sendData(chunk: Buffer): boolean {
    if (chunk.length === 0) return true;
    const w = this.writer;
    if (!this.chunked) return w.write(chunk);
    w.write(chunk.length.toString(16) + CRLF);
    w.write(chunk);
    return w.write(CRLF);
  }

  onWritable(cb: () => void): void {
    this.socket.once('drain', cb);
  }

  sendEnd(_trailers?: RequestHeaders): void {
    if (this.chunked) this.writer.write('0' + CRLF + CRLF);
    this.requestDone = true;
    if (this.responseDone) this.finishExchange();
  }

  pauseResponse(): void {
    this.socket.pause();
  }

  resumeResponse(): void {
    this.socket.resume();
  }

  reset(): void {
    this.cb = null;
    this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
  }

  // ---- response parsing ----

  onResponseHeaders(status: number, raw: string[], keepAlive: boolean, upgrade: boolean): number {
    return this.onHead(status, raw, keepAlive, upgrade, false);
  }

  /** A response head; `lowered`: its names are lower-case already (the fast path's). */
  private onHead(status: number, raw: string[], keepAlive: boolean, upgrade: boolean, lowered: boolean): number {
    const cb = this.cb;
    if (!cb || upgrade) {
      this.protocolError('unexpected response');
      return SKIP_BODY;
    }
    if (status < 200 && status !== 101) {
      this.informational = true;
      return SKIP_BODY;
    }
    this.keepAlive = keepAlive;
    // The parsers hand over a fresh list: names lower-cased and hop-by-hop headers dropped in place.
    let w = 0;
    for (let i = 0; i < raw.length; i += 2) {
      const name = lowered ? raw[i] : raw[i].toLowerCase();
      if (HOP_BY_HOP.has(name)) continue;
      raw[w++] = name;
      raw[w++] = raw[i + 1];
    }
    raw.length = w;
    cb.onUpstreamHeaders(status, raw, false);
    return this.isHead || status === 204 || status === 304 ? SKIP_BODY : BODY;
  }

  onResponseBody(chunk: Buffer): void {
    this.cb?.onUpstreamData(chunk);
  }

  onResponseComplete(trailers: string[]): void {
    if (this.informational) {
      this.informational = false;
      return;
    }
    const cb = this.cb;
    this.responseDone = true;
    if (!this.requestDone) {
      // The upstream answered before the whole request was sent: never reuse this connection.
      this.keepAlive = false;
    }
    let t: string[] | undefined;
    if (trailers.length > 0) {
      t = [];
      for (let i = 0; i < trailers.length; i += 2) t.push(trailers[i].toLowerCase(), trailers[i + 1]);
    }
    if (this.requestDone || !this.keepAlive) this.finishExchange();
    cb?.onUpstreamEnd(t);
  }

  private finishExchange(): void {
    this.cb = null;
    if (this.keepAlive && !this.closed) this.owner.release(this);
    else this.close();
  }

  onData(d: Buffer): void {
    if (this.simple) {
      const rest = this.onSimpleData(d);
      if (rest === d.length) return;
      // llhttp takes over this connection, from a message boundary.
      this.simple = false;
      if (rest > 0) d = d.subarray(rest);
    }
    let r: number | Error;
    try {
      r = this.parser.execute(d);
    } catch (e) {
      r = e as Error;
    }
    if (typeof r !== 'number') this.protocolError(r.message);
  }

  /**
   * The fast path (simple-response.ts): parses the simple responses in `d` and returns how many
   * bytes it consumed; fewer than all when llhttp must go on from there (at a message start).
   */
  private onSimpleData(d: Buffer): number {
    let pos = 0;
    while (pos < d.length && !this.closed) {
      if (this.bodyLeft < 0) {
        const chunk = pos === 0 ? d : d.subarray(pos);
        const head = this.cb && !this.informational ? parseSimpleResponseHead(chunk) : null;
        if (!head) return pos;
        pos += head.bodyStart;
        const body = this.onHead(head.status, head.headers, head.keepAlive, false, true);
        this.bodyLeft = body === BODY ? head.contentLength : 0;
      }
      const n = Math.min(this.bodyLeft, d.length - pos);
      if (n > 0) {
        // A copy: the read buffer is reused, and the router may hold the chunk.
        const chunk = allocOut(n);
        d.copy(chunk, 0, pos, pos + n);
        this.onResponseBody(chunk);
        pos += n;
        this.bodyLeft -= n;
      }
      if (this.bodyLeft > 0) return d.length;
      this.bodyLeft = -1;
      this.onResponseComplete(NO_TRAILERS);
    }
    return this.closed ? d.length : pos;
  }

  onEnd(): void {
    this.parser.finish();
    this.close();
  }

  onClose(): void {
    this.closed = true;
    this.parser.close();
    this.owner.remove(this);
    const cb = this.cb;
    this.cb = null;
    if (cb && !this.responseDone) {
      const reset = this.lastError?.code === 'ECONNRESET';
      cb.onUpstreamReset(reset ? 'remote_reset' : 'connection_termination', reset ? 'connection_reset' : 'connection_termination');
    }
  }

  private protocolError(details: string): void {
    const cb = this.cb;
    this.cb = null;
    this.close();
    cb?.onUpstreamReset('protocol_error', `protocol_error:_${details.replace(/\s+/g, '_')}`);
  }
}
