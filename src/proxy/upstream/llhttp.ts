/**
 * A typed wrapper around Node's own llhttp binding (`HTTPParser` from `_http_common`), used as the
 * upstream HTTP/1.1 response codec. It is the parser Node's http client uses, without the client's
 * per-request objects; callbacks are shared functions, so a parsed response allocates no closures.
 */
import { createRequire } from 'node:module';

interface NativeParser {
  initialize(type: number, resource: object, maxHeaderSize: number, lenient: number): void;
  execute(data: Buffer): number | Error;
  finish(): Error | undefined;
  close(): void;
  free(): void;
  [key: number]: unknown;
  handler: ResponseHandler | null;
  partialHeaders: string[];
}

interface HTTPParserModule {
  new (): NativeParser;
  RESPONSE: number;
  REQUEST: number;
  kOnHeaders: number;
  kOnHeadersComplete: number;
  kOnBody: number;
  kOnMessageComplete: number;
  kOnExecute: number;
  kLenientNone: number;
}

const require = createRequire(import.meta.url);
const { HTTPParser } = require('_http_common') as { HTTPParser: HTTPParserModule };

/** Return values of onHeaders: parse a body, skip it (HEAD/1xx), or stop for an upgrade. */
export const BODY = 0;
export const SKIP_BODY = 1;
export const UPGRADE = 2;

export interface ResponseHandler {
  /** Raw headers are `[Name, value, ...]` as received. Returns BODY, SKIP_BODY or UPGRADE. */
  onResponseHeaders(status: number, rawHeaders: string[], keepAlive: boolean, upgrade: boolean): number;
  onResponseBody(chunk: Buffer): void;
  /** Trailers (chunked encoding) as raw `[Name, value, ...]`; empty when none. */
  onResponseComplete(trailers: string[]): void;
}

function onHeaders(this: NativeParser, headers: string[]): void {
  for (let i = 0; i < headers.length; i++) this.partialHeaders.push(headers[i]);
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
  let h = headers;
  if (h === undefined) {
    h = this.partialHeaders;
    this.partialHeaders = [];
  }
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

const RESOURCE = {};

/** One response parser per upstream connection, reused for every response on it. */
export class ResponseParser {
  private readonly p: NativeParser;

  constructor(handler: ResponseHandler, maxHeaderSize = 0) {
    const p = new HTTPParser();
    p.initialize(HTTPParser.RESPONSE, RESOURCE, maxHeaderSize, HTTPParser.kLenientNone);
    p.handler = handler;
    p.partialHeaders = [];
    p[HTTPParser.kOnHeaders] = onHeaders;
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
