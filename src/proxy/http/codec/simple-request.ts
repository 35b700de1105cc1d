/**
 * The fast path of the downstream HTTP/1.1 codec: a request without a body whose head arrives whole
 * in one read and is plainly well formed is parsed here in JavaScript instead of through Node's
 * llhttp binding (a C++ call per read and per callback). Plainly well formed means: a common method,
 * an origin-form target of visible ASCII, `HTTP/1.1`, token header names, values of visible ASCII
 * (no obs-text), no `transfer-encoding`, `content-length` absent or a single `0`, `connection` only
 * `close` or `keep-alive`, no `upgrade` or `expect`, and the whole head within the size limit.
 * Anything else returns null and llhttp parses it, so this accepts a strict subset of what llhttp
 * accepts — request smuggling defences stay llhttp's — and reads it the same way.
 */
import { headScan, lineName, lineValue, scanHeaderLines } from '../../common/head-scan.ts';
import { connectionClose } from '../../common/http-syntax.ts';

export interface SimpleRequestHead {
  method: string;
  url: string;
  /** Header lines `[name, value, ...]`: names lower-cased, values without surrounding OWS. */
  headers: string[];
  keepAlive: boolean;
  /** Offset just past the head's empty line (the next request starts there). */
  end: number;
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'];
/** ` HTTP/1.1` CR LF, after the target. */
const VERSION = Buffer.from(' HTTP/1.1\r\n', 'latin1');

/** The method of the request line at `start` (followed by SP): one of METHODS, else ''. */
function methodAt(d: Buffer, start: number, stop: number): string {
  for (let m = 0; m < METHODS.length; m++) {
    const name = METHODS[m];
    const sp = start + name.length;
    if (sp >= stop || d[sp] !== 0x20) continue;
    let i = 0;
    while (i < name.length && d[start + i] === name.charCodeAt(i)) i++;
    if (i === name.length) return name;
  }
  return '';
}

/** The end of an origin-form target of visible ASCII from `from` (at its SP), or -1. */
function originFormEnd(d: Buffer, from: number, stop: number): number {
  if (from >= stop || d[from] !== 0x2f) return -1;
  let i = from + 1;
  while (i < stop) {
    const c = d[i];
    if (c === 0x20) return i;
    if (c < 0x20 || c >= 0x7f) return -1;
    i++;
  }
  return -1;
}

/**
 * Parses the request head starting at `start` of `d`, or returns null when llhttp must (the
 * head is incomplete, not simple, carries a body, or is over `maxHeadSize` bytes).
 */
export function parseSimpleRequestHead(d: Buffer, start: number, maxHeadSize: number): SimpleRequestHead | null {
  const stop = Math.min(d.length, start + maxHeadSize);
  const method = methodAt(d, start, stop);
  if (method === '') return null;
  const targetStart = start + method.length + 1;
  const targetEnd = originFormEnd(d, targetStart, stop);
  if (targetEnd < 0 || targetEnd + VERSION.length > stop) return null;
  for (let i = 0; i < VERSION.length; i++) if (d[targetEnd + i] !== VERSION[i]) return null;
  const n = scanHeaderLines(d, targetEnd + VERSION.length, stop, false);
  if (n < 0) return null;
  const end = headScan.end;
  const head = d.toString('latin1', start, end);
  const url = head.slice(targetStart - start, targetEnd - start);
  const headers: string[] = [];
  let close = false;
  let sawLength = false;
  for (let i = 0; i < 4 * n; i += 4) {
    const name = lineName(d, head, start, i);
    const value = lineValue(head, start, i);
    if (name === 'content-length') {
      // Only a single `0` (llhttp refuses duplicates; a body goes to llhttp).
      if (value !== '0' || sawLength) return null;
      sawLength = true;
    } else if (name === 'transfer-encoding' || name === 'upgrade' || name === 'expect') return null;
    else if (name === 'connection') {
      const c = connectionClose(value);
      if (c === undefined) return null;
      close ||= c;
    }
    headers.push(name, value);
  }
  return { method, url, headers, keepAlive: !close, end };
}
