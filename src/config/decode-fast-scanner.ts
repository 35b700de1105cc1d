/**
 * The text side of the fast decoder (decode-fast.ts): lines and positions, content lines, document
 * markers, quoted, block and flow scalars, and mapping keys. The parser on top of it builds the
 * values; anything this scanner does not cover throws BAIL, and the general decoder takes over.
 * Results are left in fields (`nIndent`, `qEnd`) rather than returned in objects: this runs for
 * every line and scalar of every file.
 */
import { BAIL, ESCAPES, HASH_SEED, hashStep, HEX_ESCAPES, KEYS, resolvePlain, VALUES } from './decode-fast-scalars.ts';
import { RecordBuilder, SourceText } from './source-map.ts';

export const SPACE = 0x20;
export const NL = 0x0a;
export const HASH = 0x23;
export const COLON = 0x3a;
export const DASH = 0x2d;
export const COMMA = 0x2c;
export const DQUOTE = 0x22;
export const SQUOTE = 0x27;
export const LBRACE = 0x7b;
export const RBRACE = 0x7d;
export const LBRACKET = 0x5b;
export const RBRACKET = 0x5d;

/** A table of ASCII characters: `table[c] === 1` for the characters of `chars`. */
function charTable(chars: string): Uint8Array {
  const table = new Uint8Array(128);
  for (const c of chars) table[c.charCodeAt(0)] = 1;
  return table;
}

/** Longest source text of a scalar value looked up in (and added to) the table of values. */
const MAX_SHARED_VALUE = 40;

/** Characters that cannot start a plain scalar (or that we leave to the general decoder). */
const BAD_PLAIN_START = charTable('?:,[]{}#&*!|>\'"%@`');
/** Characters that end a plain scalar in flow context. */
const FLOW_END = charTable(',[]{}');

/** Whether `c` (a character code, NaN past the end) cannot start a plain scalar. */
export const badPlainStart = (c: number): boolean => BAD_PLAIN_START[c] === 1;
const flowEnd = (c: number): boolean => FLOW_END[c] === 1;
const HEX = /^[0-9a-fA-F]+$/;

export class FastScanner {
  /** Cursor: a line start in block context, any offset in flow context. */
  protected pos = 0;
  protected readonly source: SourceText;
  protected readonly records: RecordBuilder;
  /** Output of nextContent(): the indentation of the line found. */
  protected nIndent = 0;
  /** Output of quoted(): the offset after the closing quote. */
  protected qEnd = 0;
  /** Output of keyEnd() for a plain key: where it starts and the raw hash of its text up to the `:`. */
  protected kStart = -1;
  protected kHash = 0;

  constructor(
    protected readonly text: string,
    protected readonly file: string,
  ) {
    this.source = new SourceText(file, text);
    this.records = new RecordBuilder(this.source);
  }

  // ---- positions and lines -------------------------------------------------------------------

  protected lineEnd(i: number): number {
    const e = this.text.indexOf('\n', i);
    return e < 0 ? this.text.length : e;
  }

  protected skipSpaces(i: number): number {
    const t = this.text;
    while (i < t.length && t.charCodeAt(i) === SPACE) i++;
    return i;
  }

  /**
   * The start of the next line at or after line start `ls` holding content (not blank, not only a
   * comment), with its indentation in `nIndent`; -1 at the end of the text.
   */
  protected nextContent(ls: number): number {
    const t = this.text;
    while (ls < t.length) {
      const i = this.skipSpaces(ls);
      const c = t.charCodeAt(i);
      if (i < t.length && c !== NL && c !== HASH) {
        this.nIndent = i - ls;
        return ls;
      }
      ls = this.lineEnd(i) + 1;
    }
    return -1;
  }

  /** Whether the content line at `ls`, indented `indent`, is a `---` or `...` marker. */
  protected isDocMarker(ls: number, indent: number): boolean {
    const t = this.text;
    if (indent !== 0 || !(t.startsWith('---', ls) || t.startsWith('...', ls))) return false;
    return ls + 3 >= t.length || t.charCodeAt(ls + 3) === SPACE || t.charCodeAt(ls + 3) === NL;
  }

  /** Only spaces and a comment may follow offset `i` on its line. Returns the next line start. */
  protected endOfLine(i: number): number {
    const t = this.text;
    const j = this.skipSpaces(i);
    if (j < t.length && t.charCodeAt(j) !== NL && (t.charCodeAt(j) !== HASH || j === i)) throw BAIL;
    return this.lineEnd(j) + 1;
  }

  /** Whether the character at `j` is followed by a space, a line break or the end of the text (`: ` is an indicator, `a:b` is not). */
  protected endsToken(j: number): boolean {
    const n = this.text.charCodeAt(j + 1);
    return n === SPACE || n === NL || j + 1 >= this.text.length;
  }

  protected indicatorAt(i: number): boolean {
    const t = this.text;
    return t.charCodeAt(i) === DASH && (i + 1 >= t.length || t.charCodeAt(i + 1) === SPACE || t.charCodeAt(i + 1) === NL);
  }

  // ---- keys ----------------------------------------------------------------------------------

  /** The key written from `i` up to its `:` indicator at `colon` in block context. */
  protected keyText(i: number, colon: number): string {
    const t = this.text;
    const c = t.charCodeAt(i);
    if (c === DQUOTE || c === SQUOTE) return this.quotedKey(i);
    if (badPlainStart(c) || this.indicatorAt(i)) throw BAIL;
    let e = colon;
    while (e > i && t.charCodeAt(e - 1) === SPACE) e--;
    // keyEnd() hashed the text up to the colon as it looked for it.
    return this.plainKey(i, e, this.kStart === i && e === colon ? this.kHash : -1);
  }

  /**
   * A plain key written at `text[start, end)`: its YAML 1.1 value as a string (`80`, `true`, ...).
   * `hash`: the raw hash of that text when the caller worked it out while scanning, else -1.
   */
  protected plainKey(start: number, end: number, hash = -1): string {
    const t = this.text;
    if (hash === -1) hash = KEYS.hash(t, start, end);
    const slot = KEYS.find(t, start, end, hash);
    if (slot >= 0) return KEYS.value(slot);
    const raw = t.slice(start, end);
    if (raw === '<<') throw BAIL; // merge keys: the general decoder
    return KEYS.remember(raw, hash, String(resolvePlain(raw)));
  }

  /** A quoted key starting at `i`; leaves `qEnd` after its closing quote. */
  protected quotedKey(i: number): string {
    const t = this.text;
    const close = this.simpleQuoteEnd(i);
    if (close < 0) return this.quoted(i);
    const hash = this.sqHash;
    this.qEnd = close + 1;
    const slot = KEYS.find(t, i, close + 1, hash);
    if (slot >= 0) return KEYS.value(slot);
    return KEYS.remember(t.slice(i, close + 1), hash, t.slice(i + 1, close));
  }

  /** The plain scalar written at `text[start, end)`, whose raw hash is `hash`: its YAML 1.1 value. */
  protected plainValue(start: number, end: number, hash: number): unknown {
    const t = this.text;
    if (end - start > MAX_SHARED_VALUE) return resolvePlain(t.slice(start, end));
    const slot = VALUES.find(t, start, end, hash);
    if (slot >= 0) return VALUES.value(slot);
    const raw = t.slice(start, end);
    const value = resolvePlain(raw);
    return typeof value === 'object' && value !== null ? value : VALUES.remember(raw, hash, value);
  }

  /** The quoted scalar starting at `i`: its value; leaves `qEnd` after the closing quote. */
  protected quotedValue(i: number): string {
    const t = this.text;
    const close = this.simpleQuoteEnd(i);
    if (close < 0) return this.quoted(i);
    const end = close + 1;
    this.qEnd = end;
    if (end - i > MAX_SHARED_VALUE) return t.slice(i + 1, close);
    const hash = this.sqHash;
    const slot = VALUES.find(t, i, end, hash);
    if (slot >= 0) return VALUES.value(slot) as string;
    return VALUES.remember(t.slice(i, end), hash, t.slice(i + 1, close)) as string;
  }

  /**
   * The closing quote of the quoted scalar at `i` when it holds no escape (no `\\` in double quotes,
   * no `''` in single quotes) and no line break, so that its value is the text between the quotes; -1
   * otherwise.
   */
  private simpleQuoteEnd(i: number): number {
    const t = this.text;
    const q = t.charCodeAt(i);
    let h = hashStep(HASH_SEED, q);
    for (let j = i + 1; j < t.length; j++) {
      const d = t.charCodeAt(j);
      h = hashStep(h, d);
      if (d === q) {
        this.sqHash = h;
        return q === SQUOTE && t.charCodeAt(j + 1) === SQUOTE ? -1 : j;
      }
      if (d === NL || (d === 0x5c && q === DQUOTE)) return -1;
    }
    return -1;
  }

  /** Output of simpleQuoteEnd(): the raw hash of the scalar's text, quotes included. */
  private sqHash = 0;

  // ---- scalars -------------------------------------------------------------------------------

  /** A single-line quoted scalar starting at `i`: its value; leaves `qEnd` after the closing quote. */
  protected quoted(i: number): string {
    const t = this.text;
    const q = t.charCodeAt(i);
    let out = '';
    let from = i + 1;
    for (let j = i + 1; j < t.length; j++) {
      const d = t.charCodeAt(j);
      if (d === NL) throw BAIL;
      if (q === SQUOTE && d === SQUOTE) {
        if (t.charCodeAt(j + 1) !== SQUOTE) {
          this.qEnd = j + 1;
          return out + t.slice(from, j);
        }
        out += t.slice(from, j + 1);
        from = ++j + 1;
      } else if (q === DQUOTE && d === DQUOTE) {
        this.qEnd = j + 1;
        return out + t.slice(from, j);
      } else if (q === DQUOTE && d === 0x5c) {
        out += t.slice(from, j);
        j = this.escape(j);
        out += this.escaped;
        from = j + 1;
      }
    }
    throw BAIL;
  }

  /** Output of escape(). */
  private escaped = '';

  /** The escape sequence whose backslash is at `j`: its text in `escaped`; returns the offset of its last character. */
  private escape(j: number): number {
    const t = this.text;
    const e = t[j + 1];
    if (e in ESCAPES) {
      this.escaped = ESCAPES[e];
      return j + 1;
    }
    if (!(e in HEX_ESCAPES)) throw BAIL;
    const hex = t.slice(j + 2, j + 2 + HEX_ESCAPES[e]);
    if (!HEX.test(hex) || hex.length !== HEX_ESCAPES[e]) throw BAIL;
    this.escaped = String.fromCodePoint(parseInt(hex, 16));
    return j + 1 + hex.length;
  }

  /** `|` or `>` (with `-`) at `i`, content indented more than `parentIndent`. */
  protected blockScalar(i: number, parentIndent: number): string {
    const t = this.text;
    const folded = t.charCodeAt(i) === 0x3e;
    let k = i + 1;
    const strip = t.charCodeAt(k) === DASH;
    if (strip) k++;
    const h = t.charCodeAt(k);
    if (h === 0x2b || h === DASH || (h >= 0x30 && h <= 0x39)) throw BAIL; // keep chomping, indentation indicators
    let ls = this.endOfLine(k);
    const lines: string[] = [];
    let indent = -1;
    while (ls < t.length) {
      const e = this.lineEnd(ls);
      const sp = this.skipSpaces(ls) - ls;
      const blank = ls + sp >= e;
      if (indent < 0) {
        if (!blank) {
          if (sp <= parentIndent) break;
          indent = sp;
        } else if (parentIndent >= 0 && sp > parentIndent) {
          throw BAIL; // a leading space-only line that may be more indented than the content
        }
      } else if (!blank && sp < indent) {
        break;
      }
      if (blank && indent >= 0 && sp > indent) throw BAIL;
      lines.push(blank ? '' : t.slice(ls + indent, e));
      ls = e + 1;
    }
    this.pos = Math.min(ls, t.length);
    let last = lines.length - 1;
    while (last >= 0 && lines[last] === '') last--;
    if (last < 0) return '';
    const body = lines.slice(0, last + 1);
    const text = folded ? fold(body) : body.join('\n');
    return strip ? text : text + '\n';
  }

  // ---- flow context --------------------------------------------------------------------------

  /** Skips white space, line breaks and comments inside a flow collection. */
  protected flowSpace(parentIndent: number): void {
    const t = this.text;
    let i = this.pos;
    while (i < t.length) {
      const c = t.charCodeAt(i);
      if (c === SPACE) i++;
      else if (c === NL) {
        i++;
        const s = this.skipSpaces(i);
        const n = t.charCodeAt(s);
        if (s < t.length && n !== NL && n !== HASH && s - i <= parentIndent) throw BAIL; // not indented enough
        if (s - i === 0 && (t.startsWith('---', i) || t.startsWith('...', i))) throw BAIL;
      } else if (c === HASH && (i === 0 || t.charCodeAt(i - 1) === SPACE || t.charCodeAt(i - 1) === NL)) {
        i = this.lineEnd(i);
      } else break;
    }
    this.pos = i;
  }

  protected flowKey(): string {
    const c = this.text.charCodeAt(this.pos);
    if (c === DQUOTE || c === SQUOTE) {
      const key = this.quotedKey(this.pos);
      this.pos = this.qEnd;
      return key;
    }
    const start = this.pos;
    this.flowPlainEnd();
    return this.plainKey(start, this.pos, this.fHash);
  }

  /** A plain scalar inside a flow collection (up to `,[]{}`, `: `, ` #` or the line end): its value. */
  protected flowPlainValue(): unknown {
    const start = this.pos;
    this.flowPlainEnd();
    return this.plainValue(start, this.pos, this.fHash);
  }

  /** Output of flowPlainEnd(): the raw hash of the scalar's text. */
  private fHash = 0;

  /** Moves `pos` to the end of the plain scalar starting there (trailing spaces excluded). */
  private flowPlainEnd(): void {
    const t = this.text;
    const start = this.pos;
    const c = t.charCodeAt(start);
    if (badPlainStart(c) || this.indicatorAt(start)) throw BAIL;
    let e = start;
    let h = HASH_SEED;
    let he = h;
    for (let j = start; j < t.length; j++) {
      const d = t.charCodeAt(j);
      if (d === NL || flowEnd(d)) break;
      if (d === HASH && t.charCodeAt(j - 1) === SPACE) break;
      if (d === COLON) {
        const n = t.charCodeAt(j + 1);
        if (j + 1 >= t.length || n === SPACE || n === NL || flowEnd(n)) break;
      }
      h = hashStep(h, d);
      if (d !== SPACE) {
        e = j + 1;
        he = h;
      }
    }
    if (e === start) throw BAIL;
    this.pos = e;
    this.fHash = he;
  }
}

/** The lines of a folded (`>`) block scalar joined: single breaks become spaces, runs of blank lines breaks. */
function fold(body: string[]): string {
  if (body[0] === '' || body.some((l) => l.charCodeAt(0) === SPACE)) throw BAIL; // leading blank or more-indented lines
  let text = body[0];
  let blanks = 0;
  for (let n = 1; n < body.length; n++) {
    if (body[n] === '') {
      blanks++;
      continue;
    }
    text += (blanks > 0 ? '\n'.repeat(blanks) : ' ') + body[n];
    blanks = 0;
  }
  return text;
}
