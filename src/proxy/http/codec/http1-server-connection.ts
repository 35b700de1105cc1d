/**
 * Sextant's downstream HTTP/1.1 codec for one connection: the socket reads into the shared read
 * buffer (common/read-into.ts) once it holds no earlier bytes; simple bodiless requests are parsed in
 * JavaScript (simple-request.ts) and, from the first request that is not simple on, llhttp in
 * REQUEST mode (http1-request-parser.ts) parses everything. Each request becomes an
 * Http1ServerStream handed to the connection manager, and responses leave in request order
 * (pipelining). It keeps Node's server behaviours that matter: keep-alive and `connection: close`,
 * HTTP/1.0, chunked bodies both ways, `Expect: 100-continue`, 431 for oversized heads and 400 for
 * malformed ones (the wording the proxy always used), the request headers and idle timeouts (one
 * shared sweeper, no per-request timer), max requests per connection, backpressure both ways
 * (reading pauses while the socket's write buffer is full or the router is not taking the body),
 * and WebSocket-style upgrades handed over with the raw socket. CONNECT is refused by closing the
 * connection, as before.
 */
import type net from 'node:net';
import type { DownstreamConnection } from '../../listener/downstream-connection.ts';
import { METHODS, UPGRADE, BODY } from '../../common/llhttp.ts';
import { emitData, readInto } from '../../common/read-into.ts';
import { sweeper, type Sweepable } from './connection-sweeper.ts';
import { createRequestParser, type RequestParser, type RequestParserSink } from './http1-request-parser.ts';
import { parseSimpleRequestHead } from './simple-request.ts';
import { SocketWriter } from '../../common/socket-writer.ts';
import { toRequestHeaders } from './http1-request-headers.ts';
import { Http1ServerStream } from './http1-server-stream.ts';

export interface Http1CodecOptions {
  maxRequestHeadersBytes: number;
  maxHeadersCount: number;
  /** 0 = none. */
  requestHeadersTimeoutMs: number;
  idleTimeoutMs: number;
  /** 0 = unlimited. */
  maxRequestsPerConnection: number;
}

/** Receives each parsed request (the stream is both its request and its response). */
export type Http1RequestHandler = (conn: DownstreamConnection, stream: Http1ServerStream) => void;

const CODEC = Symbol('sextant.h1-codec');
type TaggedSocket = net.Socket & { [CODEC]?: Http1ServerConnection };

const CONTINUE = /(?:^|\W)100-continue(?:$|\W)/i;

/** Bytes the socket already holds (put back by the codec sniffing) come as 'data'; then reads go direct. */
function onSocketData(this: TaggedSocket, d: Buffer): void {
  const codec = this[CODEC];
  if (!codec) return;
  codec.onData(d);
  if (this.readableLength === 0 && !codec.upgradedAway && readInto(this, onSocketRead)) this.removeListener('data', onSocketData);
}
/** Reads into the shared buffer (common/read-into.ts): the bytes are only valid during the call. */
function onSocketRead(this: TaggedSocket, nread: number, buffer: Buffer): boolean {
  this[CODEC]?.onData(buffer.subarray(0, nread), true);
  return true;
}
function onSocketEnd(this: TaggedSocket): void {
  this[CODEC]?.onEnd();
}
function onSocketClose(this: TaggedSocket): void {
  this[CODEC]?.onClose();
}
function onSocketDrain(this: TaggedSocket): void {
  this[CODEC]?.onDrain();
}

export class Http1ServerConnection implements Sweepable, RequestParserSink {
  /** No more requests are taken; the connection ends after the last pending response. */
  closing = false;
  private readonly parser: RequestParser;
  /** Streams whose responses are not finished, oldest first; [0] is the one writing. */
  private readonly queue: Http1ServerStream[] = [];
  /** The stream whose request body is being parsed. */
  private reading: Http1ServerStream | undefined;
  private upgraded: Http1ServerStream | undefined;
  private requests = 0;
  private dead = false;
  private failure = 0;
  /** Requests go through the fast path until one is not simple; then llhttp parses them all. */
  private simple = true;
  /** The fast path took a request with `connection: close`: nothing may follow it. */
  private closedByRequest = false;
  private writeBlocked = false;
  private bodyBlocked = false;
  private headerDeadline = 0;
  private lastActive = 0;
  readonly socket: net.Socket;
  private readonly writer: SocketWriter;

  constructor(
    readonly conn: DownstreamConnection,
    private readonly opts: Http1CodecOptions,
    private readonly handler: Http1RequestHandler,
    /** Bytes already read from the socket (by the codec detection): the first input. */
    first?: Buffer,
  ) {
    this.socket = conn.socket;
    this.writer = new SocketWriter(conn.socket);
    this.parser = createRequestParser(this, opts.maxRequestHeadersBytes);
    const s = this.socket as TaggedSocket;
    s[CODEC] = this;
    // Nothing held: read direct from the first byte (a connection that carries one request never
    // goes through the Readable at all).
    if (s.readableLength > 0 || !readInto(s, onSocketRead)) s.on('data', onSocketData);
    s.on('end', onSocketEnd);
    s.on('close', onSocketClose);
    s.on('drain', onSocketDrain);
    const shortest = opts.requestHeadersTimeoutMs > 0 ? Math.min(opts.requestHeadersTimeoutMs, opts.idleTimeoutMs) : opts.idleTimeoutMs;
    sweeper.add(this, shortest);
    this.lastActive = sweeper.now;
    s.resume();
    // The client may have closed before the codec took the socket over (while a listener filter
    // or the codec sniffing read its first bytes): 'end' has fired already and will not again.
    if (s.readableEnded) process.nextTick(onSocketEnd.bind(s));
    if (first && first.length > 0) this.onData(first);
  }

  // ---- input ----

  private onRequest(s: Http1ServerStream): void {
    this.handler(this.conn, s);
  }

  get upgradedAway(): boolean {
    return this.upgraded !== undefined;
  }

  /** `transient`: `d` is the shared read buffer, valid only during this call. */
  onData(d: Buffer, transient = false): void {
    if (this.dead || this.upgraded) return;
    let input = d;
    if (this.simple) {
      const used = this.onSimpleData(d);
      if (used === d.length) return;
      // llhttp takes over this connection, from a request boundary.
      this.simple = false;
      if (used > 0) input = d.subarray(used);
    }
    if (this.closedByRequest) {
      // What llhttp says to bytes after a `connection: close` request (the fast path took that one).
      this.onParseError(Object.assign(new Error('Data after `Connection: close`'), { code: 'HPE_CLOSED_CONNECTION' }));
      return;
    }
    let r: number | Error;
    try {
      r = this.parser.execute(input);
    } catch (e) {
      r = e as Error;
    }
    if (typeof r !== 'number') {
      this.onParseError(r as Error & { code?: string });
      return;
    }
    const up = this.upgraded as Http1ServerStream | undefined;
    if (up?.upgrade) {
      up.upgrade.head = transient ? Buffer.from(input.subarray(r)) : input.subarray(r);
      this.detach();
      this.onRequest(up);
    }
  }

  /**
   * The fast path (simple-request.ts): takes the simple bodiless requests at the start of `d` and
   * returns how many bytes they used; llhttp parses from there when that is not all of them.
   */
  private onSimpleData(d: Buffer): number {
    let pos = 0;
    while (pos < d.length) {
      if (this.dead || this.upgraded) return d.length;
      if (this.closedByRequest) {
        this.simple = false;
        return pos;
      }
      const head = parseSimpleRequestHead(d, pos, this.opts.maxRequestHeadersBytes);
      // Too many headers: llhttp's path answers 431.
      if (!head || head.headers.length > this.opts.maxHeadersCount * 2) return pos;
      pos = head.end;
      this.onMessageBegin();
      this.onHead(1, 1, head.headers, head.method, head.url, false, head.keepAlive, true);
      if (!head.keepAlive) this.closedByRequest = true;
      this.onMessageComplete();
    }
    return pos;
  }

  onMessageBegin(): void {
    this.lastActive = sweeper.now;
    if (this.opts.requestHeadersTimeoutMs > 0) this.headerDeadline = sweeper.now + this.opts.requestHeadersTimeoutMs;
  }

  onHeadersComplete(major: number, minor: number, raw: string[], methodIndex: number, url: string, upgrade: boolean, keepAlive: boolean): number {
    return this.onHead(major, minor, raw, METHODS[methodIndex] ?? 'GET', url, upgrade, keepAlive, false);
  }

  /**
   * A request head, from llhttp or the fast path (`lowered`: its names are lower-case already):
   * returns llhttp's BODY, UPGRADE or -1 (431).
   */
  private onHead(major: number, minor: number, raw: string[], method: string, url: string, upgrade: boolean, keepAlive: boolean, lowered: boolean): number {
    this.headerDeadline = 0;
    if (this.closing || this.dead) return BODY;
    if (raw.length > this.opts.maxHeadersCount * 2) {
      this.failure = 431;
      return -1;
    }
    if (method === 'CONNECT') {
      this.closing = true;
      this.destroy();
      return UPGRADE;
    }
    const headers = toRequestHeaders(raw, lowered);
    const protocol = major === 1 && minor === 0 ? 'HTTP/1.0' : 'HTTP/1.1';
    const s = new Http1ServerStream(this, protocol, method, url, headers, keepAlive);
    this.requests++;
    const max = this.opts.maxRequestsPerConnection;
    if (max > 0 && this.requests >= max) s.closeAfter = true;
    if (s.closeAfter) this.closing = true;
    this.enqueue(s);
    if (upgrade && this.onUpgrade(s, headers)) return UPGRADE;
    if (s.hasBody) this.reading = s;
    const expect = headers.expect;
    if (expect !== undefined && protocol === 'HTTP/1.1') {
      delete headers.expect;
      if (!CONTINUE.test(String(expect))) {
        s.writeHead(417, [], true);
        return BODY;
      }
      s.writeContinue();
    }
    this.onRequest(s);
    return BODY;
  }

  /**
   * Upgrade requests: `h2c` (or an empty Upgrade) is served as plain HTTP/1.1, as Envoy does;
   * others leave the codec with the socket once the parser stops (onData hands them over).
   * Returns true for those; the connection closes after the response either way.
   */
  private onUpgrade(s: Http1ServerStream, headers: Record<string, unknown>): boolean {
    s.closeAfter = true;
    this.closing = true;
    const type = String(headers.upgrade ?? '').toLowerCase();
    if (type === 'h2c' || type === '') {
      delete headers.upgrade;
      delete headers['http2-settings'];
      return false;
    }
    s.upgrade = { type, socket: this.socket, head: Buffer.alloc(0) };
    this.upgraded = s;
    return true;
  }

  onBody(chunk: Buffer): void {
    this.reading?.onBody(chunk);
  }

  onMessageComplete(): void {
    this.lastActive = sweeper.now;
    const s = this.reading;
    if (!s) return;
    this.reading = undefined;
    if (this.bodyBlocked) this.resumeForBody(s);
    s.onBodyEnd();
  }

  private onParseError(err: Error & { code?: string }): void {
    if (this.dead) return;
    const tooLarge = this.failure === 431 || err.code === 'HPE_HEADER_OVERFLOW';
    if (this.queue.length > 0 || this.reading) {
      this.destroy();
      return;
    }
    const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
    const body = tooLarge ? 'Request Header Fields Too Large' : 'Bad Request';
    this.dead = true;
    this.socket.write(`HTTP/1.1 ${status}\r\ncontent-length: ${body.length}\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\n${body}`, 'latin1');
    this.socket.destroySoon();
  }

  /** The client closed its side: as Node's server (no half-open HTTP), unfinished exchanges are cut. */
  onEnd(): void {
    if (this.dead) return;
    this.closing = true;
    this.socket.destroySoon();
  }

  onClose(): void {
    this.dead = true;
    sweeper.delete(this);
    this.parser.codec = null;
    try {
      this.parser.close();
    } catch {
      // already closed
    }
    const streams = this.queue.splice(0);
    if (this.reading && !streams.includes(this.reading)) streams.push(this.reading);
    this.reading = undefined;
    for (const s of streams) s.close(false);
    if (this.upgraded) this.upgraded.close(false);
  }

  // ---- output ----

  private enqueue(s: Http1ServerStream): void {
    this.queue.push(s);
    if (this.queue.length === 1) s.activate();
  }

  write(data: Buffer | string): boolean {
    const socket = this.socket;
    if (socket.destroyed) return false;
    const ok = this.writer.write(data);
    if (!ok && !this.writeBlocked) {
      this.writeBlocked = true;
      socket.pause();
    }
    return ok;
  }

  onDrain(): void {
    if (this.writeBlocked) {
      this.writeBlocked = false;
      if (!this.bodyBlocked && !this.upgraded) this.socket.resume();
    }
    const head = this.queue[0];
    if (head && head.needDrain) {
      head.needDrain = false;
      head.cb?.onResponseDrain();
    }
  }

  /** The active stream wrote its last byte: report it, let the next ones write (in order). */
  onStreamFinished(s: Http1ServerStream): void {
    if (this.queue[0] !== s) return;
    this.lastActive = sweeper.now;
    let done: Http1ServerStream | undefined = s;
    while (done) {
      this.queue.shift();
      done.active = false;
      done.close(true);
      if (done.closeAfter) {
        this.closing = true;
        for (const rest of this.queue.splice(0)) rest.close(false);
        this.socket.destroySoon();
        return;
      }
      const next: Http1ServerStream | undefined = this.queue[0];
      if (!next) {
        if (this.closing && !this.upgraded) this.socket.destroySoon();
        return;
      }
      done = next.activate() ? next : undefined;
    }
  }

  // ---- read backpressure for request bodies ----

  pauseForBody(): void {
    if (this.bodyBlocked) return;
    this.bodyBlocked = true;
    this.socket.pause();
  }

  resumeForBody(s: Http1ServerStream): void {
    if (!this.bodyBlocked || (this.reading !== s && this.reading !== undefined)) return;
    this.bodyBlocked = false;
    if (!this.writeBlocked && !this.dead && !this.upgraded) this.socket.resume();
  }

  // ---- lifecycle ----

  /** Hands the socket over (upgrade): the codec stops reading and timing it. */
  private detach(): void {
    const s = this.socket;
    s.removeListener('data', onSocketData);
    emitData(s);
    s.removeListener('end', onSocketEnd);
    s.removeListener('drain', onSocketDrain);
    s.pause();
    sweeper.delete(this);
  }

  destroy(): void {
    if (!this.socket.destroyed) this.socket.destroy();
  }

  sweep(now: number): void {
    if (this.dead || this.upgraded) return;
    if (this.headerDeadline !== 0 && now >= this.headerDeadline) {
      this.headerDeadline = 0;
      this.onHeaderTimeout();
      return;
    }
    if (this.queue.length === 0 && !this.reading && this.headerDeadline === 0 && now - this.lastActive >= this.opts.idleTimeoutMs) {
      this.dead = true;
      this.socket.destroySoon();
    }
  }

  /** Envoy's request_headers_timeout: 408 when nothing is in flight, else the connection closes. */
  private onHeaderTimeout(): void {
    if (this.queue.length > 0) {
      this.destroy();
      return;
    }
    this.dead = true;
    this.socket.write('HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\nconnection: close\r\n\r\n', 'latin1');
    this.socket.destroySoon();
  }
}
