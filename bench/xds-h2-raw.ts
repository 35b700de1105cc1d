/**
 * A minimal HTTP/2 client over a plain TCP socket carrying one gRPC bidirectional stream, for the
 * xDS benchmark's simulated Envoys (a load generator in the spirit of h2load: the real protocol on
 * the wire, none of a general-purpose client's bookkeeping). It sends the connection preface and
 * SETTINGS with the largest flow-control windows (so it never owes WINDOW_UPDATEs), opens stream 1
 * with literal HPACK headers, writes length-prefixed gRPC messages in DATA frames, answers SETTINGS
 * and PING, and hands every complete gRPC message from the server's DATA frames to `message` (valid
 * only during the call: all sockets read into one shared buffer).
 * Response header blocks are skipped, not decoded (the client needs none of them); grpc-status is
 * therefore not read — an RST_STREAM or GOAWAY, or the socket closing, is reported as an error.
 */
import net from 'node:net';
import type { H2StreamHandlers } from './xds-h2-stream.ts';

const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');
const DATA = 0;
const HEADERS = 1;
const RST_STREAM = 3;
const SETTINGS = 4;
const PING = 6;
const GOAWAY = 7;
const WINDOW_UPDATE = 8;
const MAX_WINDOW = 2 ** 31 - 1;
const READ_BUFFER = Buffer.allocUnsafe(256 * 1024);

function frame(type: number, flags: number, stream: number, payload: Buffer): Buffer {
  const f = Buffer.allocUnsafe(9 + payload.length);
  f.writeUIntBE(payload.length, 0, 3);
  f[3] = type;
  f[4] = flags;
  f.writeUInt32BE(stream, 5);
  payload.copy(f, 9);
  return f;
}

/** HPACK "literal header field without indexing, new name", raw strings (RFC 7541 §6.2.2); values under 127 bytes. */
function literal(name: string, value: string): Buffer {
  const n = Buffer.from(name, 'latin1');
  const v = Buffer.from(value, 'latin1');
  if (n.length > 126 || v.length > 126) throw new Error(`header ${name} too long for this client`);
  return Buffer.concat([Buffer.from([0, n.length]), n, Buffer.from([v.length]), v]);
}

/**
 * Splits a byte stream into units of a fixed-size header plus a body whose length the header gives
 * (HTTP/2 frames; gRPC messages). A unit inside one chunk is passed as views of it (no copy); one
 * split across chunks is assembled once. Header and body are valid only during `onUnit`.
 */
class Framer {
  readonly #head: Buffer;
  #headFill = 0;
  #body: Buffer | undefined;
  #bodyFill = 0;

  constructor(
    private readonly headLen: number,
    private readonly bodyLen: (head: Buffer) => number,
    private readonly onUnit: (head: Buffer, body: Buffer) => void,
  ) {
    this.#head = Buffer.alloc(headLen);
  }

  push(chunk: Buffer): void {
    let pos = 0;
    while (pos < chunk.length) {
      if (!this.#body) {
        if (this.#headFill === 0 && chunk.length - pos >= this.headLen) {
          const head = chunk.subarray(pos, pos + this.headLen);
          const end = pos + this.headLen + this.bodyLen(head);
          if (end <= chunk.length) {
            this.onUnit(head, chunk.subarray(pos + this.headLen, end));
            pos = end;
            continue;
          }
        }
        const take = Math.min(this.headLen - this.#headFill, chunk.length - pos);
        chunk.copy(this.#head, this.#headFill, pos, pos + take);
        this.#headFill += take;
        pos += take;
        if (this.#headFill < this.headLen) return;
        this.#body = Buffer.allocUnsafe(this.bodyLen(this.#head));
        this.#bodyFill = 0;
      }
      const take = Math.min(this.#body.length - this.#bodyFill, chunk.length - pos);
      chunk.copy(this.#body, this.#bodyFill, pos, pos + take);
      this.#bodyFill += take;
      pos += take;
      if (this.#bodyFill === this.#body.length) {
        const body = this.#body;
        this.#body = undefined;
        this.#headFill = 0;
        this.onUnit(this.#head, body);
      }
    }
  }
}

export class GrpcH2RawStream {
  readonly #socket: net.Socket;
  readonly #frames = new Framer(9, (h) => h.readUIntBE(0, 3), (h, payload) => this.#onFrame(h[3], h[4], h.readUInt32BE(5) & 0x7fffffff, payload));
  readonly #messages: Framer;
  #closed = false;

  constructor(address: string, path: string, private readonly handlers: H2StreamHandlers) {
    this.#messages = new Framer(5, (h) => h.readUInt32BE(1), (h, message) => (h[0] === 0 ? handlers.message(message) : this.#fail(new Error('compressed gRPC message: not supported by the benchmark client'))));
    const at = address.lastIndexOf(':');
    this.#socket = net.connect({
      host: address.slice(0, at).replace(/^\[|\]$/g, ''),
      port: Number(address.slice(at + 1)),
      noDelay: true,
      // Every socket reads into one shared buffer: no allocation per read (a unit split across reads is assembled in its own).
      onread: { buffer: READ_BUFFER, callback: (n: number, buf: Uint8Array) => this.#onRead(Buffer.from(buf.buffer, buf.byteOffset, n)) },
    });
    const settings = Buffer.alloc(12);
    settings.writeUInt16BE(0x2, 0); // SETTINGS_ENABLE_PUSH = 0
    settings.writeUInt32BE(0, 2);
    settings.writeUInt16BE(0x4, 6); // SETTINGS_INITIAL_WINDOW_SIZE
    settings.writeUInt32BE(MAX_WINDOW, 8);
    const connWindow = Buffer.alloc(4);
    connWindow.writeUInt32BE(MAX_WINDOW - 65535, 0);
    const headers = Buffer.concat([literal(':method', 'POST'), literal(':scheme', 'http'), literal(':path', path), literal(':authority', address), literal('content-type', 'application/grpc'), literal('te', 'trailers')]);
    this.#socket.write(Buffer.concat([PREFACE, frame(SETTINGS, 0, 0, settings), frame(WINDOW_UPDATE, 0, 0, connWindow), frame(HEADERS, 0x4, 1, headers)]));
    this.#socket.on('error', (e) => this.#fail(e));
    this.#socket.on('close', () => this.#fail(new Error('connection closed')));
  }

  #fail(e: Error): void {
    if (this.#closed) return;
    this.#closed = true;
    this.handlers.error(e);
  }

  #onRead(chunk: Buffer): boolean {
    this.#frames.push(chunk);
    return true;
  }

  #onFrame(type: number, flags: number, stream: number, payload: Buffer): void {
    if (type === DATA && stream === 1) this.#messages.push(flags & 0x8 ? payload.subarray(1, payload.length - payload[0]) : payload);
    else if (type === SETTINGS && !(flags & 0x1)) this.#socket.write(frame(SETTINGS, 0x1, 0, Buffer.alloc(0)));
    else if (type === PING && !(flags & 0x1)) this.#socket.write(frame(PING, 0x1, 0, payload));
    else if (type === RST_STREAM) this.#fail(new Error(`RST_STREAM, error code ${payload.readUInt32BE(0)}`));
    else if (type === GOAWAY) this.#fail(new Error(`GOAWAY, error code ${payload.readUInt32BE(4)}: ${payload.subarray(8).toString()}`));
  }

  /** Writes one gRPC message (up to 16 KB: one DATA frame at the default SETTINGS_MAX_FRAME_SIZE). */
  write(message: Uint8Array): void {
    if (message.length + 5 > 16384) throw new Error('message too large for this client');
    const f = Buffer.allocUnsafe(9 + 5 + message.length);
    f.writeUIntBE(5 + message.length, 0, 3);
    f[3] = DATA;
    f[4] = 0;
    f.writeUInt32BE(1, 5);
    f[9] = 0;
    f.writeUInt32BE(message.length, 10);
    f.set(message, 14);
    this.#socket.write(f);
  }

  close(): void {
    this.#closed = true;
    this.#socket.destroy();
  }
}
