/**
 * A fast decoder for the YAML configuration files are made of: block mappings and sequences, flow
 * collections (so JSON too), plain and quoted scalars, literal and folded block scalars, comments and
 * `---` separators. It produces exactly what the general decoder (decode.ts, on the `yaml` library
 * with YAML 1.1 scalar resolution) produces — the same values, positions and duplicate-key
 * diagnostics — several times faster. Anything outside that subset (anchors, aliases, tags,
 * directives, complex keys, multi-line plain or quoted scalars, tabs, CR line ends, syntax errors...)
 * makes it give up and return undefined; the caller then runs the general decoder, which also
 * reports the errors. decode-fast.test.ts checks that both decoders agree.
 */
import { isScalar, parseDocument } from 'yaml';
import type { Diagnostic, Position } from './diagnostic.ts';
import type { RawDocument } from './decode.ts';
import { attachPositions, canPack, RecordBuilder } from './source-map.ts';

/** Thrown to abandon the fast path. */
class Bail extends Error {}
const BAIL = new Bail();

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

/** A plain scalar's value under YAML 1.1 (`yes` is true, `0755` octal, `2001-12-14` a date, ...). */
function resolvePlain(s: string): unknown {
  const c = s.charCodeAt(0);
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

const SPACE = 0x20;
const NL = 0x0a;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const COMMA = 0x2c;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;

/** Characters that cannot start a plain scalar (or that we leave to the general decoder). */
const BAD_PLAIN_START = new Set([...'?:,[]{}#&*!|>\'"%@`'].map((c) => c.charCodeAt(0)));
const FLOW_END = new Set([COMMA, LBRACKET, RBRACKET, LBRACE, RBRACE]);
const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};
const HEX_ESCAPES: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/** Decodes `text`, or returns undefined when it uses YAML the fast path does not cover. */
export function fastDecode(text: string, file: string, maxNodes: number, maxDepth: number): RawDocument[] | undefined {
  if (text.includes('\t') || text.includes('\r') || text.charCodeAt(0) === 0xfeff) return undefined;
  try {
    return new FastParser(text, file, maxNodes, maxDepth).stream();
  } catch (e) {
    if (e instanceof Bail) return undefined;
    throw e;
  }
}

class FastParser {
  private readonly lineStarts: number[] = [0];
  private lineCursor = 0;
  /** Cursor: a line start in block context, any offset in flow context. */
  private pos = 0;
  private nodes = 0;
  private diags: Diagnostic[] = [];
  private readonly records: RecordBuilder;
  /** Output of locate(). */
  private ln = 0;
  private cl = 0;
  /** Position of the last value read by valueAfter(). */
  private vLine = 0;
  private vCol = 0;

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly maxNodes: number,
    private readonly maxDepth: number,
  ) {
    let longest = 0;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      longest = Math.max(longest, i + 1 - this.lineStarts[this.lineStarts.length - 1]);
      this.lineStarts.push(i + 1);
    }
    longest = Math.max(longest, text.length - this.lineStarts[this.lineStarts.length - 1]);
    this.records = new RecordBuilder(file, canPack(this.lineStarts.length, longest + 1));
  }

  // ---- positions and lines -------------------------------------------------------------------

  /** Sets `ln` and `cl` to the 1-based line and column of `offset`. */
  private locate(offset: number): void {
    const ls = this.lineStarts;
    let k = this.lineCursor;
    if (ls[k] > offset) {
      let lo = 0;
      let hi = k;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (ls[mid] <= offset) lo = mid;
        else hi = mid - 1;
      }
      k = lo;
    } else {
      while (k + 1 < ls.length && ls[k + 1] <= offset) k++;
    }
    this.lineCursor = k;
    this.ln = k + 1;
    this.cl = offset - ls[k] + 1;
  }

  private at(offset: number): Position {
    this.locate(offset);
    return { file: this.file, line: this.ln, col: this.cl };
  }

  private colOf(offset: number): number {
    this.locate(offset);
    return this.cl - 1;
  }

  private lineEnd(i: number): number {
    const e = this.text.indexOf('\n', i);
    return e < 0 ? this.text.length : e;
  }

  private skipSpaces(i: number): number {
    const t = this.text;
    while (i < t.length && t.charCodeAt(i) === SPACE) i++;
    return i;
  }

  /** The next line at or after line start `ls` holding content (not blank, not only a comment). */
  private nextContent(ls: number): { ls: number; indent: number } | undefined {
    const t = this.text;
    while (ls < t.length) {
      const i = this.skipSpaces(ls);
      const c = t.charCodeAt(i);
      if (i < t.length && c !== NL && c !== HASH) return { ls, indent: i - ls };
      ls = this.lineEnd(i) + 1;
    }
    return undefined;
  }

  private isDocMarker(next: { ls: number; indent: number }): boolean {
    const t = this.text;
    const ls = next.ls;
    if (next.indent !== 0 || !(t.startsWith('---', ls) || t.startsWith('...', ls))) return false;
    return ls + 3 >= t.length || t.charCodeAt(ls + 3) === SPACE || t.charCodeAt(ls + 3) === NL;
  }

  /** Only spaces and a comment may follow offset `i` on its line. Returns the next line start. */
  private endOfLine(i: number): number {
    const t = this.text;
    const j = this.skipSpaces(i);
    if (j < t.length && t.charCodeAt(j) !== NL && (t.charCodeAt(j) !== HASH || j === i)) throw BAIL;
    return this.lineEnd(j) + 1;
  }

  private indicatorAt(i: number): boolean {
    const t = this.text;
    return t.charCodeAt(i) === DASH && (i + 1 >= t.length || t.charCodeAt(i + 1) === SPACE || t.charCodeAt(i + 1) === NL);
  }

  /** Reported when the key is read, before its value, in the general decoder's order. */
  private checkDuplicate(keys: KeyList, key: string, line: number, col: number): void {
    const k = keys.last(key);
    if (k >= 0) {
      this.diags.push({ severity: 'Error', file: this.file, line, col, message: `duplicate key "${key}" (first defined at line ${this.records.keyLine(k)}); YAML keeps only the last one, so the first is silently lost` });
    }
  }

  private count(depth: number): void {
    if (++this.nodes > this.maxNodes || depth > this.maxDepth) throw BAIL;
  }

  // ---- documents -----------------------------------------------------------------------------

  stream(): RawDocument[] {
    const docs: RawDocument[] = [];
    let index = -1;
    let open = false;
    let ls = 0;
    for (;;) {
      const next = this.nextContent(ls);
      if (!next) return docs;
      if (next.indent === 0 && this.text.charCodeAt(next.ls) === 0x25) throw BAIL; // %directive
      if (this.isDocMarker(next)) {
        if (this.text.startsWith('...', next.ls)) throw BAIL;
        index++;
        open = true;
        ls = this.endOfLine(next.ls + 3);
        continue;
      }
      if (!open) index++;
      open = false;
      this.diags = [];
      const start = next.ls + next.indent;
      const pos = this.at(start);
      const value = this.blockNode(start, -1, 0);
      const after = this.nextContent(this.pos);
      if (after && !this.isDocMarker(after)) throw BAIL;
      docs.push({ value, pos, index, diagnostics: this.diags });
      if (!after) return docs;
      ls = after.ls;
    }
  }

  // ---- block context -------------------------------------------------------------------------

  /** The node starting at offset `i`, first on its line, in a block indented `parentIndent`. */
  private blockNode(i: number, parentIndent: number, depth: number): unknown {
    if (this.indicatorAt(i)) return this.blockSeq(i, this.colOf(i), depth);
    if (this.keyEnd(i) >= 0) return this.blockMap(i, this.colOf(i), depth);
    return this.inlineValue(i, parentIndent, depth);
  }

  /** If a mapping key starts at `i`, the offset of its `:` indicator; otherwise -1. */
  private keyEnd(i: number): number {
    const t = this.text;
    const c = t.charCodeAt(i);
    if (c === DQUOTE || c === SQUOTE) {
      const j = this.skipSpaces(this.quoted(i).end);
      const n = t.charCodeAt(j + 1);
      return t.charCodeAt(j) === COLON && (j + 1 >= t.length || n === SPACE || n === NL) ? j : -1;
    }
    if (c === LBRACE || c === LBRACKET) return -1; // a flow collection (as a key: the general decoder, via endOfLine)
    if (c === 0x3f && (t.charCodeAt(i + 1) === SPACE || t.charCodeAt(i + 1) === NL)) throw BAIL; // `? complex key`
    const end = this.lineEnd(i);
    for (let j = i; j < end; j++) {
      const d = t.charCodeAt(j);
      if (d === COLON && (j + 1 >= end || t.charCodeAt(j + 1) === SPACE)) return j;
      if (d === HASH && j > i && t.charCodeAt(j - 1) === SPACE) return -1;
    }
    return -1;
  }

  private keyText(i: number, colon: number): string {
    const t = this.text;
    const c = t.charCodeAt(i);
    if (c === DQUOTE || c === SQUOTE) return intern(this.quoted(i).value);
    if (BAD_PLAIN_START.has(c) || this.indicatorAt(i)) throw BAIL;
    let e = colon;
    while (e > i && t.charCodeAt(e - 1) === SPACE) e--;
    const raw = t.slice(i, e);
    if (raw === '<<') throw BAIL; // merge keys: the general decoder
    return intern(String(resolvePlain(raw)));
  }

  private blockMap(first: number, indent: number, depth: number): Record<string, unknown> {
    this.count(depth);
    const out: Record<string, unknown> = {};
    this.locate(first);
    const keys = new KeyList(this.records, this.records.begin(true, this.ln, this.cl));
    let i = first;
    for (;;) {
      const colon = this.keyEnd(i);
      if (colon < 0) throw BAIL;
      this.locate(i);
      const keyLine = this.ln;
      const keyCol = this.cl;
      const key = this.keyText(i, colon);
      this.checkDuplicate(keys, key, keyLine, keyCol);
      const value = this.valueAfter(colon + 1, indent, depth + 1, false);
      keys.add(key, keyLine, keyCol, this.vLine, this.vCol);
      setOwn(out, key, value);
      const next = this.nextContent(this.pos);
      if (!next || next.indent < indent || this.isDocMarker(next)) break;
      if (next.indent > indent) throw BAIL;
      i = next.ls + indent;
      if (this.indicatorAt(i)) throw BAIL;
    }
    attachPositions(out, this.records.end(keys.base));
    return out;
  }

  private blockSeq(first: number, indent: number, depth: number): unknown[] {
    this.count(depth);
    const out: unknown[] = [];
    this.locate(first);
    const base = this.records.begin(false, this.ln, this.cl);
    let i = first;
    for (;;) {
      out.push(this.valueAfter(i + 1, indent, depth + 1, true));
      this.records.item(this.vLine, this.vCol);
      const next = this.nextContent(this.pos);
      if (!next || next.indent < indent || this.isDocMarker(next)) break;
      if (next.indent > indent) throw BAIL;
      i = next.ls + indent;
      if (!this.indicatorAt(i)) break;
    }
    attachPositions(out, this.records.end(base));
    return out;
  }

  /**
   * The value after the `:` or `-` indicator ending at offset `i`, in a block indented `indent`: on
   * the same line, on the lines below, or null. Leaves `pos` at the line after the value.
   */
  private valueAfter(i: number, indent: number, depth: number, inSeqItem: boolean): unknown {
    const t = this.text;
    const j = this.skipSpaces(i);
    const c = t.charCodeAt(j);
    if (j >= t.length || c === NL || c === HASH) {
      if (c === HASH && j === i) throw BAIL;
      this.locate(j);
      const nullLine = this.ln;
      const nullCol = this.cl;
      const lineAfter = this.lineEnd(j) + 1;
      const next = this.nextContent(lineAfter);
      if (next && !this.isDocMarker(next)) {
        const start = next.ls + next.indent;
        // Kubernetes style: a sequence value at the same indentation as its key.
        const sameIndentSeq = !inSeqItem && next.indent === indent && this.indicatorAt(start);
        if (next.indent > indent || sameIndentSeq) {
          this.locate(start);
          const line = this.ln;
          const col = this.cl;
          const value = this.blockNode(start, indent, depth);
          this.vLine = line;
          this.vCol = col;
          return value;
        }
      }
      this.count(depth);
      this.pos = lineAfter;
      this.vLine = nullLine;
      this.vCol = nullCol;
      return null;
    }
    this.locate(j);
    const line = this.ln;
    const col = this.cl;
    let value: unknown;
    if (inSeqItem && this.indicatorAt(j)) throw BAIL; // `- - x`
    if (inSeqItem && this.keyEnd(j) >= 0) value = this.blockMap(j, col - 1, depth);
    else value = this.inlineValue(j, indent, depth);
    this.vLine = line;
    this.vCol = col;
    return value;
  }

  /** A scalar, flow collection or block scalar starting at `i`; nothing else may follow on its line. */
  private inlineValue(i: number, parentIndent: number, depth: number): unknown {
    const t = this.text;
    const c = t.charCodeAt(i);
    if (c === LBRACE || c === LBRACKET) {
      this.pos = i;
      const value = this.flowCollection(depth, parentIndent);
      this.pos = this.endOfLine(this.pos);
      return value;
    }
    this.count(depth);
    if (c === DQUOTE || c === SQUOTE) {
      const q = this.quoted(i);
      this.pos = this.endOfLine(q.end);
      return q.value;
    }
    if (c === 0x7c || c === 0x3e) return this.blockScalar(i, parentIndent);
    if (BAD_PLAIN_START.has(c) || this.indicatorAt(i)) throw BAIL;
    const end = this.lineEnd(i);
    let e = i;
    for (let j = i; j < end; j++) {
      const d = t.charCodeAt(j);
      if (d === HASH && t.charCodeAt(j - 1) === SPACE) break;
      if (d === COLON && (j + 1 >= end || t.charCodeAt(j + 1) === SPACE)) throw BAIL;
      if (d !== SPACE) e = j + 1;
    }
    this.pos = end + 1;
    return resolvePlain(t.slice(i, e));
  }

  // ---- scalars -------------------------------------------------------------------------------

  /** A single-line quoted scalar starting at `i`: its value and the offset after the closing quote. */
  private quoted(i: number): { value: string; end: number } {
    const t = this.text;
    const q = t.charCodeAt(i);
    let out = '';
    let from = i + 1;
    for (let j = i + 1; j < t.length; j++) {
      const d = t.charCodeAt(j);
      if (d === NL) throw BAIL;
      if (q === SQUOTE && d === SQUOTE) {
        if (t.charCodeAt(j + 1) !== SQUOTE) return { value: out + t.slice(from, j), end: j + 1 };
        out += t.slice(from, j + 1);
        from = ++j + 1;
      } else if (q === DQUOTE && d === DQUOTE) {
        return { value: out + t.slice(from, j), end: j + 1 };
      } else if (q === DQUOTE && d === 0x5c) {
        out += t.slice(from, j);
        const e = t[j + 1];
        if (e in ESCAPES) {
          out += ESCAPES[e];
          j++;
        } else if (e in HEX_ESCAPES) {
          const hex = t.slice(j + 2, j + 2 + HEX_ESCAPES[e]);
          if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== HEX_ESCAPES[e]) throw BAIL;
          out += String.fromCodePoint(parseInt(hex, 16));
          j += 1 + hex.length;
        } else {
          throw BAIL;
        }
        from = j + 1;
      }
    }
    throw BAIL;
  }

  /** `|` or `>` (with `-`) at `i`, content indented more than `parentIndent`. */
  private blockScalar(i: number, parentIndent: number): string {
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
    let text: string;
    if (!folded) {
      text = body.join('\n');
    } else {
      if (body[0] === '' || body.some((l) => l.charCodeAt(0) === SPACE)) throw BAIL; // leading blank or more-indented lines
      text = body[0];
      let blanks = 0;
      for (let n = 1; n < body.length; n++) {
        if (body[n] === '') {
          blanks++;
          continue;
        }
        text += (blanks > 0 ? '\n'.repeat(blanks) : ' ') + body[n];
        blanks = 0;
      }
    }
    return strip ? text : text + '\n';
  }

  // ---- flow context --------------------------------------------------------------------------

  /** Skips white space, line breaks and comments inside a flow collection. */
  private flowSpace(parentIndent: number): void {
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

  private flowCollection(depth: number, parentIndent: number): unknown {
    const t = this.text;
    this.count(depth);
    const isMap = t.charCodeAt(this.pos) === LBRACE;
    const close = isMap ? RBRACE : RBRACKET;
    this.locate(this.pos);
    const keys = new KeyList(this.records, this.records.begin(isMap, this.ln, this.cl));
    this.pos++;
    const map: Record<string, unknown> = {};
    const list: unknown[] = [];
    for (;;) {
      this.flowSpace(parentIndent);
      if (t.charCodeAt(this.pos) === close) break;
      if (isMap) {
        this.locate(this.pos);
        const keyLine = this.ln;
        const keyCol = this.cl;
        const key = this.flowKey();
        this.flowSpace(parentIndent);
        if (t.charCodeAt(this.pos) !== COLON) throw BAIL;
        this.pos++;
        this.flowSpace(parentIndent);
        const c = t.charCodeAt(this.pos);
        if (c === COMMA || c === close) throw BAIL; // a key without a value
        this.checkDuplicate(keys, key, keyLine, keyCol);
        this.locate(this.pos);
        const valueLine = this.ln;
        const valueCol = this.cl;
        const value = this.flowNode(depth + 1, parentIndent);
        keys.add(key, keyLine, keyCol, valueLine, valueCol);
        setOwn(map, key, value);
      } else {
        this.locate(this.pos);
        this.records.item(this.ln, this.cl);
        list.push(this.flowNode(depth + 1, parentIndent));
      }
      this.flowSpace(parentIndent);
      const c = t.charCodeAt(this.pos);
      if (c === COMMA) this.pos++;
      else if (c !== close) throw BAIL;
    }
    this.pos++;
    const rec = this.records.end(keys.base);
    if (isMap) {
      attachPositions(map, rec);
      return map;
    }
    attachPositions(list, rec);
    return list;
  }

  private flowKey(): string {
    const c = this.text.charCodeAt(this.pos);
    if (c === DQUOTE || c === SQUOTE) {
      const q = this.quoted(this.pos);
      this.pos = q.end;
      return intern(q.value);
    }
    const raw = this.flowPlain();
    if (raw === '<<') throw BAIL;
    return intern(String(resolvePlain(raw)));
  }

  private flowNode(depth: number, parentIndent: number): unknown {
    const c = this.text.charCodeAt(this.pos);
    if (c === LBRACE || c === LBRACKET) return this.flowCollection(depth, parentIndent);
    this.count(depth);
    if (c === DQUOTE || c === SQUOTE) {
      const q = this.quoted(this.pos);
      this.pos = q.end;
      return q.value;
    }
    return resolvePlain(this.flowPlain());
  }

  /** A plain scalar inside a flow collection: up to `,[]{}`, `: `, ` #` or the line end. */
  private flowPlain(): string {
    const t = this.text;
    const start = this.pos;
    const c = t.charCodeAt(start);
    if (BAD_PLAIN_START.has(c) || this.indicatorAt(start)) throw BAIL;
    let e = start;
    let j = start;
    for (; j < t.length; j++) {
      const d = t.charCodeAt(j);
      if (d === NL || FLOW_END.has(d)) break;
      if (d === HASH && t.charCodeAt(j - 1) === SPACE) break;
      if (d === COLON) {
        const n = t.charCodeAt(j + 1);
        if (j + 1 >= t.length || n === SPACE || n === NL || FLOW_END.has(n)) break;
      }
      if (d !== SPACE) e = j + 1;
    }
    if (e === start) throw BAIL;
    this.pos = e;
    return t.slice(start, e);
  }
}

/** The keys of the mapping being read, for duplicate checks; indexed once it grows, so they stay linear. */
class KeyList {
  private index?: Map<string, number>;
  private count = 0;

  constructor(
    private readonly records: RecordBuilder,
    readonly base: number,
  ) {}

  /** Index of the last entry for `key`, or -1. */
  last(key: string): number {
    return this.index ? (this.index.get(key) ?? -1) : this.records.lastKey(this.base, key);
  }

  add(key: string, keyLine: number, keyCol: number, valueLine: number, valueCol: number): void {
    const at = this.records.key(key, keyLine, keyCol, valueLine, valueCol);
    if (this.index) this.index.set(key, at);
    else if (++this.count > 16) {
      const index = new Map<string, number>();
      this.records.forEachKey(this.base, (name, i) => index.set(name, i));
      this.index = index;
    }
  }
}

/**
 * Mapping keys repeat across documents (`apiVersion`, `name`, `host`...): one shared string each, so
 * the position records that keep key names do not each hold a copy. Bounded, so unique keys in hostile
 * input cannot grow it without limit.
 */
const KEYS = new Map<string, string>();
const MAX_INTERNED = 20_000;

function intern(key: string): string {
  const known = KEYS.get(key);
  if (known !== undefined) return known;
  if (KEYS.size < MAX_INTERNED && key.length <= 64) KEYS.set(key, key);
  return key;
}

/** Sets a property, making `__proto__` an ordinary own property instead of a prototype change. */
export function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
}
