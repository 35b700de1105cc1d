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
import { connectionClose } from '../common/http-syntax.ts';
import { HEAD_LINES, headScan, isValueByte, lineName, lineValue, scanHeaderLines } from '../common/head-scan.ts';

/** What a simple response head says. */
export interface SimpleResponseHead {
  status: number;
  /** Header lines `[name, value, ...]`: names lower-cased, values without surrounding whitespace. */
  headers: string[];
  keepAlive: boolean;
  contentLength: number;
  /** Offset of the first body byte. */
  bodyStart: number;
}

/** Node's default maximum head size (--max-http-header-size). */
const DEFAULT_MAX_HEAD = 16 * 1024;
/** `HTTP/1.1 ` */
const VERSION = Buffer.from('HTTP/1.1 ', 'latin1');

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** The status line `HTTP/1.1 NNN reason CRLF` at the start of `d`: its end (past CRLF), or -1. */
function statusLineEnd(d: Buffer, stop: number): number {
  if (stop < 14) return -1;
  for (let i = 0; i < 9; i++) if (d[i] !== VERSION[i]) return -1;
  if (!isDigit(d[9]) || !isDigit(d[10]) || !isDigit(d[11]) || d[12] !== 0x20) return -1;
  let pos = 13;
  while (pos < stop && d[pos] !== 0x0d) {
    if (!isValueByte(d[pos], true)) return -1;
    pos++;
  }
  return pos + 1 < stop && d[pos + 1] === 0x0a ? pos + 2 : -1;
}

/** Parses the head at the start of `d`, or returns null when llhttp must. */
export function parseSimpleResponseHead(d: Buffer, maxHeadSize = 0): SimpleResponseHead | null {
  const stop = Math.min(d.length, maxHeadSize > 0 ? maxHeadSize : DEFAULT_MAX_HEAD);
  const first = statusLineEnd(d, stop);
  if (first < 0) return null;
  const status = (d[9] - 0x30) * 100 + (d[10] - 0x30) * 10 + (d[11] - 0x30);
  if (status < 200) return null;
  const n = scanHeaderLines(d, first, stop, true);
  if (n < 0) return null;
  const end = headScan.end;
  const head = d.toString('latin1', 0, end);
  const lines = HEAD_LINES;
  const headers: string[] = [];
  let contentLength = -1;
  let close = false;
  for (let i = 0; i < 4 * n; i += 4) {
    const name = lineName(d, head, 0, i);
    const value = lineValue(head, 0, i);
    if (name === 'content-length') {
      if (contentLength >= 0) return null;
      contentLength = digitsValue(d, lines[i + 2], lines[i + 3]);
      if (contentLength < 0) return null;
    } else if (name === 'transfer-encoding') return null;
    else if (name === 'connection') {
      const c = connectionClose(value);
      if (c === undefined) return null;
      close ||= c;
    }
    headers.push(name, value);
  }
  if (contentLength < 0) return null;
  return { status, headers, keepAlive: !close, contentLength, bodyStart: end };
}

/** The value of 1 to 15 ASCII digits in d[from, to), or -1. */
function digitsValue(d: Buffer, from: number, to: number): number {
  if (to <= from || to - from > 15) return -1;
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = d[i];
    if (!isDigit(c)) return -1;
    v = v * 10 + (c - 0x30);
  }
  return v;
}
