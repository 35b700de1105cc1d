/**
 * One request/response exchange on a downstream HTTP/1.1 connection (Sextant's codec): the
 * parsed request head, its body (buffered until the router reads it, with backpressure to the
 * connection), and the response, written in request order. A response head is held back until
 * the first body bytes or the end of the response arrive in the same callback, so a small
 * response leaves in one socket write (head + body in one Buffer); a head with no body yet is
 * written as soon as that callback returns (one microtask for all the heads held in it).
 */
import type { RequestHeaders } from '../../router/header-mutation.ts';
import type { DownstreamProtocol, DownstreamRequest, DownstreamResponse, DownstreamStreamCallbacks, DownstreamUpgrade } from './downstream.ts';
import type { Http1ServerConnection } from './http1-server-connection.ts';
import { allocOut } from '../../common/out-slab.ts';
import { bodiless, encodeHead, framing } from './http1-response-head.ts';

const CRLF = '\r\n';
const LAST_CHUNK = '0\r\n\r\n';
/** Request body bytes held for a router that is not reading yet before the connection pauses. */
const BODY_HIGH_WATER = 64 * 1024;
/** Response bytes a pipelined (not yet writing) stream holds before write() reports backpressure. */
const OUT_HIGH_WATER = 64 * 1024;
/** Bodies up to this size are copied beside the head into one Buffer; larger ones are written as is. */
const COALESCE_MAX = 16 * 1024;

/** Heads held back during the current callback, flushed by one microtask once it returns. */
const heldHeads: Http1ServerStream[] = [];
/**
 * Schedules the flush as a reaction to a settled promise: a plain V8 microtask (Node's
 * queueMicrotask adds an async resource and a bound function per call).
 */
const SETTLED = Promise.resolve();

function flushHeldHeads(): void {
  for (let i = 0; i < heldHeads.length; i++) {
    try {
      heldHeads[i].flushHead();
    } catch {
      // a destroyed socket: the stream closes through its connection
    }
  }
  heldHeads.length = 0;
}

export class Http1ServerStream implements DownstreamRequest, DownstreamResponse {
  readonly hasBody: boolean;
  upgrade: DownstreamUpgrade | undefined;
  cb: DownstreamStreamCallbacks | undefined;
  /** The connection closes after this response (set by the connection or by the response head). */
  closeAfter: boolean;
  /** This stream's response goes to the socket now (it is the oldest unfinished one). */
  active = false;
  ended = false;
  /** onDownstreamClose was delivered. */
  closed = false;
  needDrain = false;
  private headSent = false;
  private pendingHead: string | undefined;
  private chunked = false;
  private noBody = false;
  private out: (Buffer | string)[] | undefined;
  private outBytes = 0;
  // request body
  private body: Buffer[] | undefined;
  private bodyBytes = 0;
  private reading = false;
  private paused = false;
  private bodyEnded = false;
  private endDelivered = false;

  constructor(
    private readonly conn: Http1ServerConnection,
    readonly protocol: DownstreamProtocol,
    readonly method: string,
    readonly path: string,
    readonly headers: RequestHeaders,
    private readonly keepAlive: boolean,
  ) {
    const h = headers;
    const cl = h['content-length'];
    this.hasBody = (cl !== undefined && cl !== '0') || h['transfer-encoding'] !== undefined;
    this.bodyEnded = !this.hasBody;
    this.closeAfter = !keepAlive;
  }

  get authority(): string | undefined {
    return this.headers.host as string | undefined;
  }

  // ---- request side ----

  bind(callbacks: DownstreamStreamCallbacks): void {
    this.cb = callbacks;
  }

  /** A body chunk from the parser. */
  onBody(chunk: Buffer): void {
    if (this.closed) return;
    if (this.reading && !this.paused && this.cb) {
      this.cb.onRequestData(chunk);
      return;
    }
    (this.body ??= []).push(chunk);
    this.bodyBytes += chunk.length;
    if (this.bodyBytes > BODY_HIGH_WATER || this.paused) this.conn.pauseForBody();
  }

  /** The parser finished the request (body and trailers). */
  onBodyEnd(): void {
    this.bodyEnded = true;
    this.deliverEnd();
  }

  readBody(): void {
    this.reading = true;
    this.drainBody();
  }

  pauseBody(): void {
    this.paused = true;
    if (!this.bodyEnded) this.conn.pauseForBody();
  }

  resumeBody(): void {
    this.paused = false;
    this.drainBody();
  }

  private drainBody(): void {
    const b = this.body;
    if (b) {
      while (b.length > 0 && !this.paused && !this.closed) {
        const chunk = b.shift()!;
        this.bodyBytes -= chunk.length;
        this.cb?.onRequestData(chunk);
      }
      if (b.length > 0) return;
      this.body = undefined;
    }
    if (this.paused || this.closed) return;
    this.conn.resumeForBody(this);
    this.deliverEnd();
  }

  private deliverEnd(): void {
    if (!this.bodyEnded || this.endDelivered || !this.reading || this.paused || this.body || this.closed) return;
    this.endDelivered = true;
    this.cb?.onRequestEnd();
  }

  // ---- response side ----

  /** `HTTP/1.1 100 Continue`, in order with earlier responses. */
  writeContinue(): void {
    this.emit('HTTP/1.1 100 Continue\r\n\r\n');
  }

  writeHead(status: number, headers: string[], endStream: boolean): void {
    if (this.headSent || this.closed) return;
    this.noBody = bodiless(status, this.method === 'HEAD');
    const http10 = this.protocol === 'HTTP/1.0';
    const head = encodeHead(status, headers, endStream, this.noBody, http10, this.closeAfter, http10 && this.keepAlive);
    this.headSent = true;
    this.chunked = framing.chunked;
    if (framing.close) this.closeAfter = true;
    if (endStream) {
      this.emit(head);
      this.finish();
      return;
    }
    this.pendingHead = head;
    if (heldHeads.push(this) === 1) void SETTLED.then(flushHeldHeads);
  }

  /** The head alone, when no body bytes followed it in the same callback. */
  flushHead(): void {
    const head = this.pendingHead;
    if (head === undefined) return;
    this.pendingHead = undefined;
    this.emit(head);
  }

  write(chunk: Buffer): boolean {
    if (this.ended || this.closed || chunk.length === 0) return true;
    if (this.noBody) return true;
    return this.emitBody(chunk, false);
  }

  end(body: Buffer | undefined, _trailers: string[] | undefined): void {
    if (this.ended || this.closed) return;
    if (!this.headSent) this.writeHead(200, ['content-length', String(body ? body.length : 0)], body === undefined);
    if (this.ended) return;
    if (body && body.length > 0 && !this.noBody) this.emitBody(body, true);
    else {
      const tail = this.chunked && !this.noBody ? LAST_CHUNK : '';
      const head = this.pendingHead;
      this.pendingHead = undefined;
      if (head !== undefined) this.emit(head + tail);
      else if (tail !== '') this.emit(tail);
    }
    this.finish();
  }

  reset(): void {
    this.conn.destroy();
  }

  /** Head (if still held) + chunk framing + chunk (+ last chunk) as few writes as possible. */
  private emitBody(chunk: Buffer, last: boolean): boolean {
    const head = this.pendingHead ?? '';
    this.pendingHead = undefined;
    const pre = this.chunked ? head + chunk.length.toString(16) + CRLF : head;
    const post = this.chunked ? (last ? CRLF + LAST_CHUNK : CRLF) : '';
    if (pre === '' && post === '') return this.emit(chunk);
    if (chunk.length > COALESCE_MAX) {
      if (pre !== '') this.emit(pre);
      const ok = this.emit(chunk);
      return post !== '' ? this.emit(post) : ok;
    }
    const buf = allocOut(pre.length + chunk.length + post.length);
    buf.write(pre, 0, 'latin1');
    chunk.copy(buf, pre.length);
    if (post !== '') buf.write(post, pre.length + chunk.length, 'latin1');
    return this.emit(buf);
  }

  /** Bytes out: to the socket when this stream is active, else held until its turn. */
  private emit(data: Buffer | string): boolean {
    if (this.active) {
      const ok = this.conn.write(data);
      if (!ok) this.needDrain = true;
      return ok;
    }
    (this.out ??= []).push(data);
    this.outBytes += data.length;
    if (this.outBytes < OUT_HIGH_WATER) return true;
    this.needDrain = true;
    return false;
  }

  /** Becomes the stream writing to the socket: flushes what it held. True when already finished. */
  activate(): boolean {
    this.active = true;
    const out = this.out;
    if (out) {
      this.out = undefined;
      this.outBytes = 0;
      let ok = true;
      for (let i = 0; i < out.length; i++) ok = this.conn.write(out[i]);
      if (ok && this.needDrain) {
        this.needDrain = false;
        this.cb?.onResponseDrain();
      }
    }
    return this.ended;
  }

  private finish(): void {
    this.ended = true;
    if (this.active) this.conn.onStreamFinished(this);
  }

  /** Reports the end of the exchange once. */
  close(completed: boolean): void {
    if (this.closed) return;
    this.closed = true;
    this.body = undefined;
    this.conn.resumeForBody(this);
    this.cb?.onDownstreamClose(completed);
  }
}
