/**
 * A fast decoder for the YAML that configuration files are made of: block mappings and sequences,
 * flow collections (so JSON too), plain and quoted scalars, literal and folded block scalars,
 * comments and `---` separators. It produces exactly what the general decoder (decode.ts, built on
 * the `yaml` library with YAML 1.1 scalar resolution) produces — the same values, positions and
 * duplicate-key diagnostics — several times faster. Anything outside that subset (anchors, aliases,
 * tags, directives, complex keys, multi-line plain scalars, tabs, syntax errors, ...) makes it give
 * up and return undefined; the caller then uses the general decoder, which also reports errors.
 */
import { isScalar, parseDocument } from 'yaml';
import type { Diagnostic, Position } from './diagnostic.ts';
import type { RawDocument } from './decode.ts';
import { setPositions } from './source-map.ts';

/** Thrown to abandon the fast path. */
class Bail extends Error {}
const BAIL = new Bail();

interface ScalarTag {
  test?: RegExp;
  default?: boolean | 'key';
  collection?: string;
  resolve: (s: string, onError: (m: string) => void, opts: object) => unknown;
}

/** The YAML 1.1 scalar tags, in resolution order, taken from the library so the two paths agree. */
const TAGS: ScalarTag[] = ((parseDocument('', { version: '1.1', merge: true }).schema as unknown as { tags: ScalarTag[] }).tags).filter(
  (t) => t.default === true && t.test && !t.collection,
);
const RESOLVE_OPTS = { intAsBigInt: false };
const onTagError = (): never => {
  throw BAIL;
};

/** A plain scalar's value under YAML 1.1 (`yes` is true, `0755` octal, `2001-12-14` a date, ...). */
function resolvePlain(s: string): unknown {
  const c = s.charCodeAt(0);
  const numeric = (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e;
  if (!numeric && s.length > 5) return s;
  for (const tag of TAGS) {
    if (tag.test!.test(s)) {
      const r = tag.resolve(s, onTagError, RESOLVE_OPTS);
      return isScalar(r) ? r.value : r;
    }
  }
  return s;
}

const SPACE = 0x20;
const NL = 0x0a;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;

/** Characters that cannot start a plain scalar in block context (or that we leave to the general decoder). */
const BAD_PLAIN_START = new Set([...'?:,[]{}#&*!|>\'"%@`'].map((c) => c.charCodeAt(0)));

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
  private pos = 0;
  private nodes = 0;
  private diags: Diagnostic[] = [];

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly maxNodes: number,
    private readonly maxDepth: number,
  ) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  // ---- positions -------------------------------------------------------------------------------

  private at(offset: number): Position {
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
    return { file: this.file, line: k + 1, col: offset - ls[k] + 1 };
  }

  private lineEnd(i: number): number {
    const e = this.text.indexOf('\n', i);
    return e < 0 ? this.text.length : e;
  }

  /** Offset of the first non-space character at or after `i` on its line (the line end if none). */
  private skipSpaces(i: number): number {
    const t = this.text;
    while (i < t.length && t.charCodeAt(i) === SPACE) i++;
    return i;
  }

  /** The next line at or after offset `ls` (a line start) holding content: not blank, not a comment. */
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

  private isDocMarker(ls: number): boolean {
    const t = this.text;
    if (!(t.startsWith('---', ls) || t.startsWith('...', ls))) return false;
    const c = t.charCodeAt(ls + 3);
    return ls + 3 >= t.length || c === SPACE || c === NL;
  }

  /** After a value: only spaces and a comment may remain on the line. Returns the next line start. */
  private endOfLine(i: number): number {
    const j = this.skipSpaces(i);
    const c = this.text.charCodeAt(j);
    if (j < this.text.length && c !== NL) {
      if (c !== HASH || j === i) throw BAIL;
    }
    return this.lineEnd(j) + 1;
  }

  private count(depth: number): void {
    if (++this.nodes > this.maxNodes || depth > this.maxDepth) throw BAIL;
  }

  // ---- documents -------------------------------------------------------------------------------

  stream(): RawDocument[] {
    const docs: RawDocument[] = [];
    let index = -1;
    let open = false;
    let ls = 0;
    for (;;) {
      const next = this.nextContent(ls);
      if (!next) return docs;
      const t = this.text;
      if (next.indent === 0 && t.charCodeAt(next.ls) === 0x25) throw BAIL; // %directive
      if (next.indent === 0 && this.isDocMarker(next.ls)) {
        if (t.startsWith('...', next.ls)) throw BAIL;
        index++;
        open = true;
        ls = this.endOfLine(next.ls + 3);
        continue;
      }
      if (!open) index++;
      open = false; // the next `---` starts a new document
      this.diags = [];
      const start = next.ls + next.indent;
      const value = this.blockNode(start, -1, 0, false);
      const after = this.nextContent(this.pos);
      if (after && !(after.indent === 0 && this.isDocMarker(after.ls))) throw BAIL;
      docs.push({ value, pos: this.at(start), index, diagnostics: this.diags });
      ls = after ? after.ls : t.length;
      if (!after) return docs;
    }
  }

  // ---- block context ---------------------------------------------------------------------------

  /**
   * A node that starts at offset `i` (its first character), inside a block whose indentation is
   * `parentIndent`. Leaves `this.pos` at the start of the line after the node.
   */
  private blockNode(i: number, parentIndent: number, depth: number, inSeqItem: boolean): unknown {
    const t = this.text;
    const c = t.charCodeAt(i);
    const col = i - this.lineStartOf(i);
    if (c === DASH && this.indicatorFollows(i)) {
      if (inSeqItem) throw BAIL; // `- - x`: leave compact nested sequences to the general decoder
      return this.blockSeq(i, col, depth);
    }
    if (this.keyEnd(i) >= 0) return this.blockMap(i, col, depth);
    const value = this.inlineValue(i, col, depth, parentIndent);
    return value;
  }

  private lineStartOf(i: number): number {
    return this.at(i).col === 1 ? i : i - this.at(i).col + 1;
  }

  private indicatorFollows(i: number): boolean {
    const n = this.text.charCodeAt(i + 1);
    return i + 1 >= this.text.length || n === SPACE || n === NL;
  }

  /**
   * If a mapping key starts at `i` on this line, the offset of its `:` indicator, else -1. Plain keys
   * end at `: ` or a final `:`; quoted keys at their closing quote.
   */
  private keyEnd(i: number): number {
    const t = this.text;
    const c = t.charCodeAt(i);
    const end = this.lineEnd(i);
    if (c === 0x22 || c === 0x27) {
      const q = this.quotedEnd(i);
      const j = this.skipSpaces(q);
      return t.charCodeAt(j) === COLON && (j + 1 >= t.length || t.charCodeAt(j + 1) === SPACE || t.charCodeAt(j + 1) === NL) ? j : -1;
    }
    if (c === 0x3f && this.indicatorFollows(i)) throw BAIL; // `? complex key`
    for (let j = i; j < end; j++) {
      const d = t.charCodeAt(j);
      if (d === COLON && (j + 1 >= end || t.charCodeAt(j + 1) === SPACE)) return j;
      if (d === HASH && j > i && t.charCodeAt(j - 1) === SPACE) return -1;
    }
    return -1;
  }

  private blockMap(first: number, indent: number, depth: number): Record<string, unknown> {
    this.count(depth);
    const t = this.text;
    const out: Record<string, unknown> = {};
    const keys = new Map<string, Position>();
    const values = new Map<string, Position>();
    const self = this.at(first);
    let i = first;
    for (;;) {
      const colon = this.keyEnd(i);
      if (colon < 0) throw BAIL;
      const keyPos = this.at(i);
      const key = this.keyText(i, colon);
      const { value, pos } = this.valueAfter(colon + 1, indent, depth + 1, false);
      const firstAt = keys.get(key);
      if (firstAt) {
        this.diags.push({ severity: 'Error', file: this.file, line: keyPos.line, col: keyPos.col, message: `duplicate key "${key}" (first defined at line ${firstAt.line}); YAML keeps only the last one, so the first is silently lost` });
      }
      keys.set(key, keyPos);
      values.set(key, pos);
      if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      else out[key] = value;
      const next = this.nextContent(this.pos);
      if (!next || next.indent < indent || (next.indent === 0 && this.isDocMarker(next.ls))) break;
      if (next.indent > indent) throw BAIL;
      i = next.ls + indent;
      if (t.charCodeAt(i) === DASH && this.indicatorFollows(i)) throw BAIL;
    }
    setPositions(out, { self, keys, values });
    return out;
  }

  private keyText(i: number, colon: number): string {
    const t = this.text;
    const c = t.charCodeAt(i);
    if (c === 0x22 || c === 0x27) return this.quoted(i).value;
    if (BAD_PLAIN_START.has(c) || (c === DASH && this.indicatorFollows(i))) throw BAIL;
    let e = colon;
    while (e > i && t.charCodeAt(e - 1) === SPACE) e--;
    const raw = t.slice(i, e);
    if (raw === '<<' || raw === '__proto__' && false) throw BAIL;
    return String(resolvePlain(raw));
  }

  /**
   * The value after a `:` or `-` indicator at offset `i` of an entry whose block has indentation
   * `indent`: on the same line, on the following lines, or null.
   */
  private valueAfter(i: number, indent: number, depth: number, inSeqItem: boolean): { value: unknown; pos: Position } {
    const t = this.text;
    const j = this.skipSpaces(i);
    const c = t.charCodeAt(j);
    if (j >= t.length || c === NL || c === HASH) {
      if (c === HASH && j === i) throw BAIL;
      const nullPos = this.at(j);
      const next = this.nextContent(this.lineEnd(j) + 1);
      if (next && !(next.indent === 0 && this.isDocMarker(next.ls))) {
        const start = next.ls + next.indent;
        const dashAtSameIndent = !inSeqItem && next.indent === indent && t.charCodeAt(start) === DASH && this.indicatorFollows(start);
        if (next.indent > indent || dashAtSameIndent) {
          const pos = this.at(start);
          const value = this.blockNode(start, indent, depth, false);
          return { value, pos };
        }
      }
      this.pos = this.lineEnd(j) + 1;
      this.count(depth);
      return { value: null, pos: nullPos };
    }
    const pos = this.at(j);
    if (inSeqItem) {
      if (c === DASH && this.indicatorFollows(j)) throw BAIL;
      if (this.keyEnd(j) >= 0) return { value: this.blockMap(j, j - this.lineStartOf(j), depth), pos };
    }
    return { value: this.inlineValue(j, indent, depth, indent), pos };
  }

  /** A scalar, flow collection or block scalar starting at `i`; then the line must end. */
  private inlineValue(i: number, _col: number, depth: number, parentIndent: number): unknown {
    const t = this.text;
    const c = t.charCodeAt(i);
    let value: unknown;
    if (c === 0x7b || c === 0x5b) {
      this.pos = i;
      value = this.flowCollection(depth, parentIndent);
      this.pos = this.endOfLine(this.pos);
    } else if (c === 0x22 || c === 0x27) {
      this.count(depth);
      const q = this.quoted(i);
      value = q.value;
      this.pos = this.endOfLine(q.end);
    } else if (c === 0x7c || c === 0x3e) {
      this.count(depth);
      value = this.blockScalar(i, parentIndent);
    } else {
      this.count(depth);
      if (BAD_PLAIN_START.has(c) || (c === DASH && this.indicatorFollows(i))) throw BAIL;
      const end = this.lineEnd(i);
      let e = i;
      for (let j = i; j < end; j++) {
        const d = t.charCodeAt(j);
        if (d === HASH && t.charCodeAt(j - 1) === SPACE) break;
        if (d === COLON && (j + 1 >= end || t.charCodeAt(j + 1) === SPACE)) throw BAIL;
        if (d !== SPACE) e = j + 1;
      }
      value = resolvePlain(t.slice(i, e));
      this.pos = end + 1;
    }
    const next = this.nextContent(this.pos);
    if (next && next.indent > parentIndent && !(next.indent === 0 && this.isDocMarker(next.ls))) {
      // A deeper line after a complete value: a multi-line plain scalar or an error.
      if (!(parentIndent < 0 && false)) throw BAIL;
    }
    return value;
  }

  private blockSeq(first: number, indent: number, depth: number): unknown[] {
    this.count(depth);
    const t = this.text;
    const out: unknown[] = [];
    const items: Position[] = [];
    const self = this.at(first);
    let i = first;
    for (;;) {
      const { value, pos } = this.valueAfter(i + 1, indent, depth + 1, true);
      out.push(value);
      items.push(pos);
      const next = this.nextContent(this.pos);
      if (!next || next.indent < indent || (next.indent === 0 && this.isDocMarker(next.ls))) break;
      if (next.indent > indent) throw BAIL;
      i = next.ls + indent;
      if (!(t.charCodeAt(i) === DASH && this.indicatorFollows(i))) break;
    }
    setPositions(out, { self, items });
    return out;
  }
}
