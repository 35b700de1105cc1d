/**
 * Node's own llhttp binding (`HTTPParser` from `_http_common`), typed: the parser Node's http
 * client and server use, without their per-message objects. Callbacks are installed as shared
 * functions on the native parser (their `this` is the parser), so parsing allocates no closures.
 * The upstream response codec (upstream/llhttp.ts) and the downstream request codec
 * (http/codec/http1-request-parser.ts) build on it.
 */
import { createRequire } from 'node:module';

export interface NativeParser {
  initialize(type: number, resource: object, maxHeaderSize: number, lenient: number): void;
  execute(data: Buffer): number | Error;
  finish(): Error | undefined;
  close(): void;
  [key: number]: unknown;
  /** Raw header lines gathered by onHeaders when a head spans several reads. */
  partialHeaders: string[];
  partialUrl: string;
}

export interface HTTPParserModule {
  new (): NativeParser;
  RESPONSE: number;
  REQUEST: number;
  kOnMessageBegin: number;
  kOnHeaders: number;
  kOnHeadersComplete: number;
  kOnBody: number;
  kOnMessageComplete: number;
  kOnExecute: number;
  kLenientNone: number;
}

const require = createRequire(import.meta.url);
const common = require('_http_common') as { HTTPParser: HTTPParserModule; methods: string[] };

export const HTTPParser = common.HTTPParser;
/** Method names by llhttp's method index (the `method` argument of onHeadersComplete). */
export const METHODS: readonly string[] = common.methods;

/** Return values of onHeadersComplete: parse a body, skip it (HEAD/1xx), or stop for an upgrade. */
export const BODY = 0;
export const SKIP_BODY = 1;
export const UPGRADE = 2;

/** The async resource llhttp's binding wants; one shared object (no async hooks per message). */
const PARSER_RESOURCE = {};

/** Accumulates raw header lines (and URL pieces) of a head that spans several reads. */
function onPartialHeaders(this: NativeParser, headers: string[], url: string): void {
  for (let i = 0; i < headers.length; i++) this.partialHeaders.push(headers[i]);
  if (url) this.partialUrl += url;
}

/**
 * A parser of `type` (REQUEST or RESPONSE) with heads limited to `maxHeaderSize` (0: Node's
 * default), gathering the pieces of a head split across reads; the caller installs the rest of
 * the callbacks.
 */
export function newParser<P extends NativeParser>(type: number, maxHeaderSize: number): P {
  const p = new HTTPParser() as P;
  p.initialize(type, PARSER_RESOURCE, maxHeaderSize, HTTPParser.kLenientNone);
  p.partialHeaders = [];
  p.partialUrl = '';
  p[HTTPParser.kOnHeaders] = onPartialHeaders;
  return p;
}

/** The head's raw header lines in onHeadersComplete: `headers`, or the pieces gathered so far when llhttp passed none. */
export function completeHeaders(p: NativeParser, headers: string[] | undefined): string[] {
  if (headers !== undefined) return headers;
  const h = p.partialHeaders;
  p.partialHeaders = [];
  return h;
}
