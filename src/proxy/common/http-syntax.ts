/**
 * HTTP/1.1 grammar checks shared by the codecs' fast paths (RFC 9110 §5.6.2 tokens, §5.5 field
 * values, RFC 9112 OWS), on latin1 strings between two offsets: no allocation, no regular
 * expression. Each accepts a strict subset of what llhttp accepts.
 */

const TOKEN = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") TOKEN[c.charCodeAt(0)] = 1;

/** A non-empty token. */
export function isToken(s: string, from: number, to: number): boolean {
  if (from >= to) return false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || TOKEN[c] === 0) return false;
  }
  return true;
}

/** Field-value characters: HTAB, SP, VCHAR, and obs-text when `obsText` (never CR, LF, other controls or DEL). */
export function isFieldValue(s: string, from: number, to: number, obsText: boolean): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f || (c > 0x7f && !obsText)) return false;
  }
  return true;
}

/** The field value between `from` and `to` without leading and trailing SP / HTAB (OWS). */
export function fieldValue(s: string, from: number, to: number): string {
  let a = from;
  let b = to;
  while (a < b && (s.charCodeAt(a) === 0x20 || s.charCodeAt(a) === 0x09)) a++;
  while (b > a && (s.charCodeAt(b - 1) === 0x20 || s.charCodeAt(b - 1) === 0x09)) b--;
  return s.slice(a, b);
}

/** 1 to 15 ASCII digits (a safe integer), nothing else. */
export function isDigits(s: string): boolean {
  if (s.length === 0 || s.length > 15) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** A `connection` value that is exactly `close` (true) or `keep-alive` (false), any case; else undefined. */
export function connectionClose(v: string): boolean | undefined {
  const t = v.toLowerCase();
  if (t === 'close') return true;
  if (t === 'keep-alive') return false;
  return undefined;
}
