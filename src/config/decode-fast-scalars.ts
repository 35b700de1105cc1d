/**
 * Scalars for the fast decoder (decode-fast.ts): YAML 1.1 resolution of plain scalars, taken from the
 * `yaml` library so that both decoders agree; the escapes of double-quoted scalars; and the table of
 * mapping keys, which turns a key's source text into one shared string without slicing the text.
 */
import { isScalar, parseDocument } from 'yaml';

/** Thrown to abandon the fast path. */
export class Bail extends Error {}
export const BAIL = new Bail();

interface ScalarTag {
  test?: RegExp;
  default?: boolean | 'key';
  collection?: string;
  resolve: (s: string, onError: (m: string) => void, opts: object) => unknown;
}

/** The YAML 1.1 scalar tags, in resolution order, taken from the library so that both paths agree. */
const TAGS: ScalarTag[] = (parseDocument('', { version: '1.1', merge: true }).schema as unknown as { tags: ScalarTag[] }).tags.filter(
  (t) => t.default === true && t.test !== undefined && !t.collection,
);
const RESOLVE_OPTS = { intAsBigInt: false };
const onTagError = (): never => {
  throw BAIL;
};

/** One test for "some tag matches": most scalars (`10s`, `v1`, `http`) match none and stay strings. */
const ANY_TAG = TAGS.every((t) => t.test!.flags === '') ? new RegExp(TAGS.map((t) => `(?:${t.test!.source})`).join('|')) : /(?:)/;
/** Decimal integers the int tag resolves to the same Number (no sign, no `_`, no leading 0, ≤ 15 digits). */
const PLAIN_INT = /^(?:0|[1-9][0-9]{0,14})$/;

/**
 * Characters a tagged (non-string) YAML 1.1 plain scalar can start with: `~` and the letters of the
 * null and bool spellings (`null`, `yes`, `true`, `on`, `false`, `no`, `off`...), `e`/`E` of an
 * exponent-only float (`e5`), and the digits, signs and `.` of numbers, dates and `.inf`/`.nan`.
 * Any other first character leaves the scalar a string without running the tag patterns.
 */
const TAG_START = new Uint8Array(128);
for (const c of '~nNyYtTfFoOeE0123456789+-.') TAG_START[c.charCodeAt(0)] = 1;

/** A plain scalar's value under YAML 1.1 (`yes` is true, `0755` octal, `2001-12-14` a date, ...). */
export function resolvePlain(s: string): unknown {
  const c = s.charCodeAt(0);
  if (c < 128 && TAG_START[c] === 0) return s;
  const numeric = (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e;
  if (!numeric && s.length > 5) return s; // only null and bool spellings start with a letter, all ≤ 5 long
  if (PLAIN_INT.test(s)) return Number(s);
  if (!ANY_TAG.test(s)) return s;
  for (const tag of TAGS) {
    if (tag.test!.test(s)) {
      const r = tag.resolve(s, onTagError, RESOLVE_OPTS);
      const v = isScalar(r) ? r.value : r;
      // A plain `.` matches YAML 1.1's float pattern; Kubernetes keeps it a string (`exportTo: [.]`).
      return typeof v === 'number' && Number.isNaN(v) && !/^\.nan$/i.test(s) ? s : v;
    }
  }
  return s;
}

/** Single-character escapes of double-quoted scalars. */
export const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};
/** Hexadecimal escapes of double-quoted scalars and their number of digits. */
export const HEX_ESCAPES: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/**
 * Mapping keys repeat across documents (`apiVersion`, `name`, `host`...). This table maps the source
 * text of a key — plain, or quoted with its quotes — to the key it decodes to, so a known key costs a
 * hash and a comparison with the text instead of a slice, its resolution and a Map lookup, and the
 * position records that keep key names share one string each. Open addressing in a fixed table;
 * bounded in entries and length, so unique keys in hostile input cannot grow it (they are decoded
 * each time instead).
 */
const KEY_SLOTS = 1 << 15;
const KEY_MASK = KEY_SLOTS - 1;
const MAX_KEYS = KEY_SLOTS >> 1;
const MAX_KEY_SOURCE = 64;
const keySources: (string | undefined)[] = new Array<string | undefined>(KEY_SLOTS).fill(undefined);
const keyValues: string[] = new Array<string>(KEY_SLOTS).fill('');
let keyCount = 0;

/** Hash of `text[start, end)`. */
export function hashText(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h ^ (h >>> 15)) & KEY_MASK;
}

/** The key whose source text is `text[start, end)` (with hash `hash`), or undefined when not known yet. */
export function knownKey(text: string, start: number, end: number, hash: number): string | undefined {
  const len = end - start;
  for (let slot = hash; ; slot = (slot + 1) & KEY_MASK) {
    const source = keySources[slot];
    if (source === undefined) return undefined;
    if (source.length === len && sameText(source, text, start)) return keyValues[slot];
  }
}

/** Whether `text` holds `source` at offset `start` (a short loop: cheaper than startsWith for keys). */
function sameText(source: string, text: string, start: number): boolean {
  for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}

/**
 * `s` as V8's internalized (flat, unique) string: a property key stored with it then skips a string
 * table lookup on every store, and a slice of a file's text no longer keeps the whole text alive.
 */
function internalize(s: string): string {
  for (const k in { [s]: 0 }) return k;
  return s;
}

/** Remembers that `source` (with hash `hash`) decodes to `key`; returns the key. */
export function rememberKey(source: string, hash: number, key: string): string {
  if (keyCount >= MAX_KEYS || source.length > MAX_KEY_SOURCE) return key;
  let slot = hash;
  while (keySources[slot] !== undefined) slot = (slot + 1) & KEY_MASK;
  keySources[slot] = internalize(source);
  keyValues[slot] = (key = internalize(key));
  keyCount++;
  return key;
}

/** Sets a property, making `__proto__` an ordinary own property instead of a prototype change. */
export function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
}
