/**
 * HTTP/1.1 grammar shared by the codecs' fast paths and the response head encoder (RFC 9110
 * §5.6.2 tokens, §5.5 field values): byte tables for scanning a read buffer, and checks on latin1
 * strings without allocation or regular expressions. Each accepts a strict subset of what llhttp
 * accepts.
 */

/** 1 for each token character, by byte. */
export const TOKEN_BYTES = new Uint8Array(256);
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") TOKEN_BYTES[c.charCodeAt(0)] = 1;

/** 1 for each field-value character (HTAB, SP, VCHAR), by byte; VALUE_BYTES_OBS adds obs-text (0x80–0xff). */
export const VALUE_BYTES = new Uint8Array(256);
export const VALUE_BYTES_OBS = new Uint8Array(256);
VALUE_BYTES[0x09] = VALUE_BYTES_OBS[0x09] = 1;
for (let c = 0x20; c < 0x7f; c++) VALUE_BYTES[c] = VALUE_BYTES_OBS[c] = 1;
for (let c = 0x80; c < 0x100; c++) VALUE_BYTES_OBS[c] = 1;

/** A non-empty token. */
export function isToken(s: string, from: number, to: number): boolean {
  if (from >= to) return false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff || TOKEN_BYTES[c] === 0) return false;
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
