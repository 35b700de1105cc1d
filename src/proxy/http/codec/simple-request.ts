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
import { connectionClose, fieldValue, isFieldValue, isToken } from '../../common/http-syntax.ts';

export interface SimpleRequestHead {
  method: string;
  url: string;
  /** Raw header lines `[Name, value, ...]` as llhttp gives them (values without surrounding OWS). */
  raw: string[];
  keepAlive: boolean;
  /** Offset just past the head's empty line (the next request starts there). */
  end: number;
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']);
const CRLFCRLF = Buffer.from('\r\n\r\n', 'latin1');

/** A request target in origin form of visible ASCII. */
function isOriginForm(s: string, from: number, to: number): boolean {
  if (from >= to || s.charCodeAt(from) !== 0x2f) return false;
  for (let i = from + 1; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f) return false;
  }
  return true;
}

/** The lower-case name when it is one the fast path must look at, else ''. */
function special(name: string): string {
  const n = name.length;
  if (n !== 6 && n !== 7 && n !== 10 && n !== 14 && n !== 17) return '';
  return name.toLowerCase();
}

/**
 * Parses the request head starting at `start` of `d`, or returns null when llhttp must (the
 * head is incomplete, not simple, carries a body, or is over `maxHeadSize` bytes).
 */
export function parseSimpleRequestHead(d: Buffer, start: number, maxHeadSize: number): SimpleRequestHead | null {
  const stop = d.indexOf(CRLFCRLF, start);
  if (stop < 0 || stop + 4 - start > maxHeadSize) return null;
  const head = d.toString('latin1', start, stop + 2);
  const sp1 = head.indexOf(' ');
  const method = sp1 > 0 ? head.slice(0, sp1) : '';
  if (!METHODS.has(method)) return null;
  let eol = head.indexOf('\r\n', sp1);
  const sp2 = eol - 9;
  if (sp2 <= sp1 || head.charCodeAt(sp2) !== 0x20 || !head.startsWith('HTTP/1.1', sp2 + 1) || !isOriginForm(head, sp1 + 1, sp2)) return null;
  const url = head.slice(sp1 + 1, sp2);
  const raw: string[] = [];
  let close = false;
  let sawLength = false;
  let pos = eol + 2;
  while (pos < head.length) {
    eol = head.indexOf('\r\n', pos);
    const colon = head.indexOf(':', pos);
    if (colon < 0 || colon > eol || !isToken(head, pos, colon) || !isFieldValue(head, colon + 1, eol, false)) return null;
    const name = head.slice(pos, colon);
    const value = fieldValue(head, colon + 1, eol);
    pos = eol + 2;
    const lower = special(name);
    if (lower === 'content-length') {
      // Only a single `0` (llhttp refuses duplicates; a body goes to llhttp).
      if (value !== '0' || sawLength) return null;
      sawLength = true;
    } else if (lower === 'transfer-encoding' || lower === 'upgrade' || lower === 'expect') return null;
    else if (lower === 'connection') {
      const c = connectionClose(value);
      if (c === undefined) return null;
      close ||= c;
    }
    raw.push(name, value);
  }
  return { method, url, raw, keepAlive: !close, end: stop + 4 };
}
