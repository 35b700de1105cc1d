/**
 * One pass over the header lines of an HTTP/1.1 head in the read buffer, for the codecs' fast
 * paths: each line must be a token name, a colon, and a value of field-value characters (RFC 9110
 * §5.5; obs-text only where allowed) ending in CRLF; the head ends at an empty line. The offsets
 * of each line land in one shared table, so the caller makes one string of the head and slices
 * values from it. Anything else — a bare CR or LF, a space before the colon, obs-fold, more lines
 * than the table holds, no empty line before `stop` — fails the scan, and llhttp parses the head.
 */
import { commonHeaderName } from './header-names.ts';
import { TOKEN_BYTES, VALUE_BYTES, VALUE_BYTES_OBS } from './http-syntax.ts';

/** Header lines the fast paths take (Node's default maximum is 100: more go to llhttp). */
const MAX_LINES = 100;

/** Per line: name start, colon, value start, value end (OWS trimmed); offsets into the buffer. */
export const HEAD_LINES = new Int32Array(4 * MAX_LINES);

/** Where the last successful scan's head ended (just past the empty line's CRLF). */
export const headScan = { end: 0 };

/** Whether byte `c` may appear in a field value (obs-text when `obsText`). */
export function isValueByte(c: number, obsText: boolean): boolean {
  return (obsText ? VALUE_BYTES_OBS : VALUE_BYTES)[c] === 1;
}

/**
 * Scans header lines from `pos` (just past the start line's CRLF) up to `stop`. Returns how many
 * lines HEAD_LINES now holds, and sets headScan.end; -1 when the head is not plainly well formed
 * or does not end before `stop`.
 */
export function scanHeaderLines(d: Uint8Array, pos: number, stop: number, obsText: boolean): number {
  const value = obsText ? VALUE_BYTES_OBS : VALUE_BYTES;
  const lines = HEAD_LINES;
  let n = 0;
  for (;;) {
    if (pos + 1 >= stop) return -1;
    if (d[pos] === 0x0d) {
      if (d[pos + 1] !== 0x0a) return -1;
      headScan.end = pos + 2;
      return n;
    }
    if (n === MAX_LINES) return -1;
    const nameStart = pos;
    while (pos < stop && TOKEN_BYTES[d[pos]] === 1) pos++;
    if (pos === nameStart || pos >= stop || d[pos] !== 0x3a) return -1;
    const colon = pos++;
    while (pos < stop && (d[pos] === 0x20 || d[pos] === 0x09)) pos++;
    const valueStart = pos;
    let valueEnd = pos;
    while (pos < stop) {
      const c = d[pos];
      if (c === 0x0d) break;
      if (value[c] !== 1) return -1;
      pos++;
      if (c !== 0x20 && c !== 0x09) valueEnd = pos;
    }
    if (pos + 1 >= stop || d[pos + 1] !== 0x0a) return -1;
    pos += 2;
    const k = 4 * n++;
    lines[k] = nameStart;
    lines[k + 1] = colon;
    lines[k + 2] = valueStart;
    lines[k + 3] = valueEnd;
  }
}

/**
 * The lower-case name of scanned line `k` (its index in HEAD_LINES, a multiple of 4): the common
 * name's literal, else sliced from `head`, the string of `d` from offset `start`.
 */
export function lineName(d: Uint8Array, head: string, start: number, k: number): string {
  const from = HEAD_LINES[k];
  const to = HEAD_LINES[k + 1];
  return commonHeaderName(d, from, to) ?? head.slice(from - start, to - start).toLowerCase();
}

/** The value of scanned line `k`, sliced from `head` (the string of the buffer from `start`). */
export function lineValue(head: string, start: number, k: number): string {
  return head.slice(HEAD_LINES[k + 2] - start, HEAD_LINES[k + 3] - start);
}
