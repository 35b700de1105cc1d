/**
 * One gRPC bidirectional stream over a raw node:http2 session, for the xDS benchmark's simulated
 * Envoys: the real wire protocol (HTTP/2, `application/grpc`, 5-byte length-prefixed messages,
 * grpc-status in the trailers) without a full gRPC client stack per connection, so a thousand
 * of them in one process stay cheap. Each stream has its own HTTP/2 connection, as each Envoy does.
 */
import http2 from 'node:http2';

export interface H2StreamHandlers {
  message(bytes: Buffer): void;
  error(e: Error): void;
}

export class GrpcH2Stream {
  readonly #session: http2.ClientHttp2Session;
  readonly #stream: http2.ClientHttp2Stream;
  #pending: Buffer = Buffer.alloc(0);

  constructor(address: string, path: string, handlers: H2StreamHandlers) {
    this.#session = http2.connect(`http://${address}`);
    this.#session.on('error', handlers.error);
    this.#stream = this.#session.request({ ':method': 'POST', ':path': path, 'content-type': 'application/grpc', te: 'trailers' });
    this.#stream.on('data', (chunk: Buffer) => this.#read(chunk, handlers));
    this.#stream.on('trailers', (t) => {
      if (t['grpc-status'] && t['grpc-status'] !== '0') handlers.error(new Error(`grpc-status ${t['grpc-status']}: ${t['grpc-message'] ?? ''}`));
    });
    this.#stream.on('error', handlers.error);
  }

  #read(chunk: Buffer, handlers: H2StreamHandlers): void {
    let buf = this.#pending.length ? Buffer.concat([this.#pending, chunk]) : chunk;
    while (buf.length >= 5) {
      const len = buf.readUInt32BE(1);
      if (buf.length < 5 + len) break;
      if (buf[0] !== 0) {
        handlers.error(new Error('compressed gRPC message: not supported by the benchmark client'));
        return;
      }
      handlers.message(buf.subarray(5, 5 + len));
      buf = buf.subarray(5 + len);
    }
    this.#pending = buf;
  }

  write(message: Uint8Array): void {
    const frame = Buffer.allocUnsafe(5 + message.length);
    frame[0] = 0;
    frame.writeUInt32BE(message.length, 1);
    frame.set(message, 5);
    this.#stream.write(frame);
  }

  close(): void {
    this.#stream.close();
    this.#session.close();
  }
}
