/**
 * The fast path of the upstream HTTP/1.1 response codec: a response head that arrives whole in one
 * read and is plainly well formed — `HTTP/1.1 NNN reason`, token header names, values of visible
 * characters, one `content-length` and no `transfer-encoding`, `connection` only `close` or
 * `keep-alive` — is parsed here in JavaScript, which costs a fraction of a round trip through
 * Node's llhttp binding (a C++ call per message and per callback, a Buffer per body chunk).
 * Everything else (1xx, 101, chunked or close-delimited bodies, HTTP/1.0, obs-fold, odd bytes,
 * a head split across reads or over the size limit) returns null, and llhttp parses it: this
 * accepts a strict subset of what llhttp accepts and reads it the same way.
 */
import { connectionClose, fieldValue, isDigits, isFieldValue, isToken } from '../common/http-syntax.ts';

/** What a simple response head says. */
export interface SimpleResponseHead {
  status: number;
  /** Raw header lines `[Name, value, ...]` (values without surrounding whitespace), as llhttp gives them. */
  raw: string[];
  keepAlive: boolean;
  contentLength: number;
  /** Offset of the first body byte. */
  bodyStart: number;
}

/** Node's default maximum head size (--max-http-header-size). */
const DEFAULT_MAX_HEAD = 16 * 1024;
const CRLFCRLF = Buffer.from('\r\n\r\n', 'latin1');

/** Parses the head at the start of `d`, or returns null when llhttp must. */
export function parseSimpleResponseHead(d: Buffer, maxHeadSize = 0): SimpleResponseHead | null {
  const limit = maxHeadSize > 0 ? maxHeadSize : DEFAULT_MAX_HEAD;
  const end = d.indexOf(CRLFCRLF);
  if (end < 0 || end + 4 > limit) return null;
  const head = d.toString('latin1', 0, end + 2);
  // Status line: HTTP/1.1 SP 3DIGIT SP reason CRLF
  if (!head.startsWith('HTTP/1.1 ') || head.charCodeAt(12) !== 0x20) return null;
  const digits = head.slice(9, 12);
  const status = Number(digits);
  if (!isDigits(digits) || status < 200) return null;
  let eol = head.indexOf('\r\n', 13);
  if (eol < 0 || !isFieldValue(head, 13, eol, true)) return null;
  const raw: string[] = [];
  let contentLength = -1;
  let close = false;
  let pos = eol + 2;
  while (pos < head.length) {
    eol = head.indexOf('\r\n', pos);
    const colon = head.indexOf(':', pos);
    if (eol < 0 || colon < 0 || colon > eol || !isToken(head, pos, colon) || !isFieldValue(head, colon + 1, eol, true)) return null;
    const name = head.slice(pos, colon);
    const value = fieldValue(head, colon + 1, eol);
    pos = eol + 2;
    const lower = name.length >= 10 && name.length <= 17 ? name.toLowerCase() : '';
    if (lower === 'content-length') {
      if (contentLength >= 0 || !isDigits(value)) return null;
      contentLength = Number(value);
    } else if (lower === 'transfer-encoding') return null;
    else if (lower === 'connection') {
      const c = connectionClose(value);
      if (c === undefined) return null;
      close ||= c;
    }
    raw.push(name, value);
  }
  if (contentLength < 0) return null;
  return { status, raw, keepAlive: !close, contentLength, bodyStart: end + 4 };
}
