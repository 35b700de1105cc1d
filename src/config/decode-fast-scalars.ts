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
 * Source text → decoded value, for the short pieces of text that repeat across documents: mapping
 * keys (`apiVersion`, `name`, `host`...) and scalar values (`v1`, `ROUND_ROBIN`, `80`, `"GET"`). A
 * known piece costs a hash and a comparison with the text instead of a slice, its resolution and,
 * later, V8's own string table lookup when it becomes a property key; every occurrence shares one
 * internalized string, which keeps decoded trees small. Open addressing in a fixed table, small
 * enough to stay in the processor's cache; bounded in entries and source length, so unique text in
 * hostile input cannot grow it (such text is decoded each time instead).
 */
export class TextTable<V> {
  private readonly sources: string[];
  private readonly values: V[];
  /** Per slot, the length of its source text (0: an empty slot) and its raw hash: most slots probed are told apart without reading their text. */
  private readonly lengths: Int32Array;
  private readonly hashes: Int32Array;
  private readonly mask: number;
  private count = 0;

  constructor(
    slots: number,
    private readonly maxLength: number,
    empty: V,
  ) {
    this.mask = slots - 1;
    this.sources = new Array<string>(slots).fill('');
    this.values = new Array<V>(slots).fill(empty);
    this.lengths = new Int32Array(slots);
    this.hashes = new Int32Array(slots);
  }

  /** The raw hash of `text[start, end)` (what the scanners compute with HASH_SEED and hashStep as they go). */
  hash(text: string, start: number, end: number): number {
    let h = HASH_SEED;
    for (let i = start; i < end; i++) h = hashStep(h, text.charCodeAt(i));
    return h;
  }

  /** The slot holding `text[start, end)` (with raw hash `hash`), or -1 when it is not known. */
  find(text: string, start: number, end: number, hash: number): number {
    const len = end - start;
    const lengths = this.lengths;
    const hashes = this.hashes;
    for (let slot = (hash ^ (hash >>> 15)) & this.mask; ; slot = (slot + 1) & this.mask) {
      const l = lengths[slot];
      if (l === 0) return -1;
      if (l === len && hashes[slot] === hash && sameText(this.sources[slot], text, start)) return slot;
    }
  }

  value(slot: number): V {
    return this.values[slot];
  }

  /**
   * Remembers that `source` (with hash `hash`) decodes to `value`, if there is room; returns the
   * value, internalized when it is a string that was remembered.
   */
  remember(source: string, hash: number, value: V): V {
    if (this.count >= (this.mask + 1) >> 1 || source.length > this.maxLength || source.length === 0) return value;
    let slot = (hash ^ (hash >>> 15)) & this.mask;
    while (this.lengths[slot] !== 0) slot = (slot + 1) & this.mask;
    const shared = (typeof value === 'string' ? internalize(value) : value) as V;
    this.sources[slot] = internalize(source);
    this.values[slot] = shared;
    this.lengths[slot] = source.length;
    this.hashes[slot] = hash;
    this.count++;
    return shared;
  }
}

/** FNV-1a over character codes: HASH_SEED, then hashStep() for each character. */
export const HASH_SEED = 0x811c9dc5;
export const hashStep = (h: number, c: number): number => Math.imul(h ^ c, 0x01000193);

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

/** Mapping keys: source text (plain, or quoted with its quotes) → the key, a string. */
export const KEYS = new TextTable<string>(1 << 12, 64, '');

/**
 * Scalar values: source text (plain, or quoted with its quotes) → the value, a primitive (strings
 * internalized; a timestamp, which decodes to a mutable Date, is never remembered).
 */
export const VALUES = new TextTable<unknown>(1 << 13, 40, undefined);

/** Sets a property, making `__proto__` an ordinary own property instead of a prototype change. */
export function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
}
