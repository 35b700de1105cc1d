/**
 * The downstream codec's llhttp parser: Node's binding (common/llhttp.ts) initialized in REQUEST
 * mode with the head size limit, and its callbacks installed as shared functions that forward to
 * the codec bound to the parser (`this` is the native parser, so parsing allocates no closures).
 * A head that spans several reads arrives in pieces, gathered by common/llhttp.ts (newParser).
 * Clearing `codec` on close drops every later callback.
 */
import { BODY, completeHeaders, HTTPParser, newParser, type NativeParser } from '../../common/llhttp.ts';

/** What the parser reports to: one downstream HTTP/1.1 connection (Http1ServerConnection). */
export interface RequestParserSink {
  onMessageBegin(): void;
  /** Returns llhttp's BODY, SKIP_BODY, UPGRADE, or -1 to fail the parse. */
  onHeadersComplete(major: number, minor: number, raw: string[], methodIndex: number, url: string, upgrade: boolean, keepAlive: boolean): number;
  onBody(chunk: Buffer): void;
  onMessageComplete(): void;
}

export interface RequestParser extends NativeParser {
  codec: RequestParserSink | null;
}

function onMessageBegin(this: RequestParser): void {
  this.codec?.onMessageBegin();
}

function onHeadersComplete(this: RequestParser, major: number, minor: number, headers: string[] | undefined, method: number, url: string | undefined, _status: number, _statusMessage: string, upgrade: boolean, keepAlive: boolean): number {
  const h = completeHeaders(this, headers);
  let u = url;
  if (!u) {
    u = this.partialUrl;
    this.partialUrl = '';
  }
  return this.codec ? this.codec.onHeadersComplete(major, minor, h, method, u, upgrade, keepAlive) : BODY;
}

function onBody(this: RequestParser, chunk: Buffer): void {
  this.codec?.onBody(chunk);
}

function onMessageComplete(this: RequestParser): void {
  if (this.partialHeaders.length > 0) this.partialHeaders = [];
  this.codec?.onMessageComplete();
}

/** A REQUEST-mode parser with heads limited to `maxHeaderBytes`, reporting to `sink`. */
export function createRequestParser(sink: RequestParserSink, maxHeaderBytes: number): RequestParser {
  const p = newParser<RequestParser>(HTTPParser.REQUEST, maxHeaderBytes);
  p.codec = sink;
  p[HTTPParser.kOnMessageBegin] = onMessageBegin;
  p[HTTPParser.kOnHeadersComplete] = onHeadersComplete;
  p[HTTPParser.kOnBody] = onBody;
  p[HTTPParser.kOnMessageComplete] = onMessageComplete;
  return p;
}
