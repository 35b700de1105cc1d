/**
 * The upstream HTTP/1.1 response parser: Node's llhttp binding (common/llhttp.ts) in RESPONSE mode,
 * without the http client's per-request objects; callbacks are shared functions, so a parsed
 * response allocates no closures.
 */
import { BODY, completeHeaders, HTTPParser, newParser, SKIP_BODY, UPGRADE, type NativeParser as BaseParser } from '../common/llhttp.ts';

export { BODY, SKIP_BODY, UPGRADE };

interface NativeParser extends BaseParser {
  handler: ResponseHandler | null;
}

export interface ResponseHandler {
  /** Raw headers are `[Name, value, ...]` as received. Returns BODY, SKIP_BODY or UPGRADE. */
  onResponseHeaders(status: number, rawHeaders: string[], keepAlive: boolean, upgrade: boolean): number;
  onResponseBody(chunk: Buffer): void;
  /** Trailers (chunked encoding) as raw `[Name, value, ...]`; empty when none. */
  onResponseComplete(trailers: string[]): void;
}

function onHeadersComplete(
  this: NativeParser,
  _major: number,
  _minor: number,
  headers: string[] | undefined,
  _method: number,
  _url: string,
  statusCode: number,
  _statusMessage: string,
  upgrade: boolean,
  shouldKeepAlive: boolean,
): number {
  const h = completeHeaders(this, headers);
  return this.handler ? this.handler.onResponseHeaders(statusCode, h, shouldKeepAlive, upgrade) : SKIP_BODY;
}

function onBody(this: NativeParser, chunk: Buffer): void {
  this.handler?.onResponseBody(chunk);
}

function onMessageComplete(this: NativeParser): void {
  const trailers = this.partialHeaders;
  if (trailers.length > 0) this.partialHeaders = [];
  this.handler?.onResponseComplete(trailers);
}

/** One response parser per upstream connection, reused for every response on it. */
export class ResponseParser {
  private readonly p: NativeParser;

  constructor(handler: ResponseHandler, maxHeaderSize = 0) {
    const p = newParser<NativeParser>(HTTPParser.RESPONSE, maxHeaderSize);
    p.handler = handler;
    p[HTTPParser.kOnHeadersComplete] = onHeadersComplete;
    p[HTTPParser.kOnBody] = onBody;
    p[HTTPParser.kOnMessageComplete] = onMessageComplete;
    this.p = p;
  }

  /** Bytes consumed, or an Error for a protocol violation. After an upgrade, fewer than given. */
  execute(data: Buffer): number | Error {
    return this.p.execute(data);
  }

  /** Signals EOF (ends bodies delimited by connection close). */
  finish(): Error | undefined {
    return this.p.finish();
  }

  close(): void {
    this.p.handler = null;
    try {
      this.p.close();
    } catch {
      // already closed
    }
  }
}
