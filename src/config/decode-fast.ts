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
import type { Diagnostic } from './diagnostic.ts';
import type { RawDocument } from './decode.ts';
import { Bail, BAIL, HASH_SEED, hashStep, setOwn } from './decode-fast-scalars.ts';
import { badPlainStart, COLON, COMMA, DQUOTE, FastScanner, HASH, LBRACE, LBRACKET, NL, RBRACE, RBRACKET, SPACE, SQUOTE } from './decode-fast-scanner.ts';
import { newMapping, newSequence } from './decode-fast-containers.ts';
import { FilePositions } from './file-positions.ts';
import { attachPositions, replacePositions, UNRECORDED } from './source-map.ts';

export { setOwn };

/** A mapping with more keys than this gets an index for its duplicate checks, so they stay linear. */
const INDEX_KEYS_AFTER = 16;

/** Thrown in deferred mode when a position is needed at once (a duplicate key): the file is decoded again, recording them. */
class NeedPositions extends Error {}
const NEED_POSITIONS = new NeedPositions();

/**
 * How the fast decoder keeps positions: `eager` records them as values are made; `deferred` stamps
 * every value with the file's FilePositions, which records them on the first lookup; `anchored` stamps
 * no value (but the sequences right under a document's root) and hands the FilePositions to the
 * caller in each document's `positions`: a lookup of one of its values names it as the anchor (the
 * loader does, source-map.ts withAnchor), and values then cost nothing until a position is needed.
 */
export type PositionMode = 'eager' | 'deferred' | 'anchored';

/**
 * Decodes `text`, or returns undefined when it uses YAML the fast path does not cover. Positions are
 * deferred (file-positions.ts) unless `mode` says otherwise: recorded only if something looks one up.
 */
export function fastDecode(text: string, file: string, maxNodes: number, maxDepth: number, mode: PositionMode = 'deferred'): RawDocument[] | undefined {
  if (text.includes('\t') || text.includes('\r') || text.charCodeAt(0) === 0xfeff) return undefined;
  try {
    if (mode === 'eager') return new FastParser(text, file, maxNodes, maxDepth, undefined, false).stream();
    const deferred = new FilePositions(() => fastDecode(text, file, maxNodes, maxDepth, 'eager'));
    const anchored = mode === 'anchored';
    const docs = new FastParser(text, file, maxNodes, maxDepth, deferred, anchored).stream();
    const roots: unknown[] = [];
    for (const d of docs) {
      roots.push(d.value);
      if (anchored) d.positions = deferred;
    }
    deferred.roots = roots;
    return docs;
  } catch (e) {
    if (e instanceof NeedPositions) return fastDecode(text, file, maxNodes, maxDepth, 'eager');
    if (e instanceof Bail) return undefined;
    throw e;
  }
}

const hasOwn = Object.prototype.hasOwnProperty;
/** The depth of the sequences given records even when positions are deferred (0: a document's root). */
const RECORDED_DEPTH = 1;

class FastParser extends FastScanner {
  private nodes = 0;
  private diags: Diagnostic[] = [];
  /** Offset of the last value read by valueAfter(). */
  private vOff = 0;
  /**
   * The items of the sequences being read: a sequence's items are contiguous at the top, since a
   * nested one is finished (and taken off) before its parent's next item is pushed.
   */
  private readonly items: unknown[] = [];
  private itemsTop = 0;

  /**
   * `deferred`: the stamp every value gets instead of a record, duplicate keys throwing NEED_POSITIONS;
   * undefined to record positions as values are made.
   */
  constructor(
    text: string,
    file: string,
    private readonly maxNodes: number,
    private readonly maxDepth: number,
    private readonly deferred: FilePositions | undefined,
    /** No stamp on deferred values at all (the `anchored` mode). */
    private readonly unstamped: boolean,
  ) {
    super(text, file);
  }

  /**
   * Starts the record of a value at `offset` nested `depth` deep (a sequence when `isSeq`); returns
   * its base, or -1 when its positions are deferred. The sequences right under a document's root (a
   * List's `items`) are always recorded: every resource needs its own position, a List item's being
   * that of the item (a document's own comes from stream()). Everything else is deferred.
   */
  private begin(offset: number, depth: number, isSeq: boolean): number {
    return this.deferred && !(depth === RECORDED_DEPTH && isSeq) ? -1 : this.records.begin(offset);
  }

  /**
   * Stamps a value the moment it is made, while its shape is still the same for every value (an
   * empty mapping, a sequence fresh from the item stack): V8 then adds the stamp's private field
   * through one monomorphic site instead of a megamorphic one per shape. Deferred values keep this
   * stamp; recorded ones get their record in finish().
   */
  private stamp(value: object): void {
    if (!this.unstamped) attachPositions(value, this.deferred ?? UNRECORDED);
  }

  /** Gives a finished value whose positions are recorded (`base` ≥ 0) its record. */
  private finish(value: object, base: number): void {
    if (base < 0) return;
    if (this.unstamped) attachPositions(value, this.records.end(base));
    else replacePositions(value, this.records.end(base));
  }

  private count(depth: number): void {
    if (++this.nodes > this.maxNodes || depth > this.maxDepth) throw BAIL;
  }

  /**
   * Reported when the key is read, before its value, in the general decoder's order. `index` maps the
   * keys of a large mapping to their entries; a small one is searched in its record.
   */
  private checkDuplicate(out: object, base: number, index: Map<string, number> | undefined, key: string, keyOffset: number): void {
    if (base < 0) {
      if (hasOwn.call(out, key)) throw NEED_POSITIONS;
      return;
    }
    const k = index ? (index.get(key) ?? -1) : this.records.lastKey(base, key);
    if (k >= 0) {
      const { line, col } = this.source.position(keyOffset);
      this.diags.push({ severity: 'Error', file: this.file, line, col, message: `duplicate key "${key}" (first defined at line ${this.records.keyLine(k)}); YAML keeps only the last one, so the first is silently lost` });
    }
  }

  /** Adds the `count`th entry to the mapping record at `base`; returns its index of keys, once it needs one. */
  private addKey(base: number, index: Map<string, number> | undefined, count: number, key: string, keyOffset: number, valueOffset: number): Map<string, number> | undefined {
    if (base < 0) return undefined;
    const at = this.records.key(key, keyOffset, valueOffset);
    if (index) index.set(key, at);
    else if (count > INDEX_KEYS_AFTER) {
      index = new Map<string, number>();
      this.records.forEachKey(base, (name, i) => index!.set(name, i));
    }
    return index;
  }

  // ---- documents -----------------------------------------------------------------------------

  stream(): RawDocument[] {
    const docs: RawDocument[] = [];
    let index = -1;
    let open = false;
    let ls = 0;
    for (;;) {
      const next = this.nextContent(ls);
      if (next < 0) return docs;
      const indent = this.nIndent;
      if (indent === 0 && this.text.charCodeAt(next) === 0x25) throw BAIL; // %directive
      if (this.isDocMarker(next, indent)) {
        if (this.text.startsWith('...', next)) throw BAIL;
        index++;
        open = true;
        ls = this.endOfLine(next + 3);
        continue;
      }
      if (!open) index++;
      open = false;
      this.diags = [];
      const start = next + indent;
      const pos = this.source.position(start);
      const value = this.blockNode(start, indent, -1, 0);
      const after = this.nextContent(this.pos);
      if (after >= 0 && !this.isDocMarker(after, this.nIndent)) throw BAIL;
      docs.push({ value, pos, index, diagnostics: this.diags });
      if (after < 0) return docs;
      ls = after;
    }
  }

  // ---- block context -------------------------------------------------------------------------

  /** The node starting at offset `i`, first on its line (at column `col`), in a block indented `parentIndent`. */
  private blockNode(i: number, col: number, parentIndent: number, depth: number): unknown {
    if (this.indicatorAt(i)) return this.blockSeq(i, col, depth);
    const colon = this.keyEnd(i);
    if (colon >= 0) return this.blockMap(i, colon, col, depth);
    return this.inlineValue(i, parentIndent, depth);
  }

  /** If a mapping key starts at `i`, the offset of its `:` indicator; otherwise -1. */
  private keyEnd(i: number): number {
    const t = this.text;
    const c = t.charCodeAt(i);
    if (c === DQUOTE || c === SQUOTE) {
      this.quoted(i);
      const j = this.skipSpaces(this.qEnd);
      const n = t.charCodeAt(j + 1);
      return t.charCodeAt(j) === COLON && (j + 1 >= t.length || n === SPACE || n === NL) ? j : -1;
    }
    if (c === LBRACE || c === LBRACKET) return -1; // a flow collection (as a key: the general decoder, via endOfLine)
    if (c === 0x3f && (t.charCodeAt(i + 1) === SPACE || t.charCodeAt(i + 1) === NL)) throw BAIL; // `? complex key`
    let h = HASH_SEED;
    for (let j = i; j < t.length; j++) {
      const d = t.charCodeAt(j);
      if (d === NL) return -1;
      if (d === COLON && this.endsToken(j)) {
        this.kStart = i;
        this.kHash = h;
        return j;
      }
      if (d === HASH && j > i && t.charCodeAt(j - 1) === SPACE) return -1;
      h = hashStep(h, d);
    }
    return -1;
  }

  /** A block mapping whose first key starts at `first` (its `:` at `firstColon`), indented `indent`. */
  private blockMap(first: number, firstColon: number, indent: number, depth: number): Record<string, unknown> {
    this.count(depth);
    const out = newMapping();
    this.stamp(out);
    const base = this.begin(first, depth, false);
    let index: Map<string, number> | undefined;
    let count = 0;
    let i = first;
    let colon = firstColon;
    for (;;) {
      if (colon < 0) throw BAIL;
      const key = this.keyText(i, colon);
      this.checkDuplicate(out, base, index, key, i);
      const value = this.valueAfter(colon + 1, indent, depth + 1, false);
      index = this.addKey(base, index, ++count, key, i, this.vOff);
      setOwn(out, key, value);
      const next = this.nextContent(this.pos);
      const nextIndent = this.nIndent;
      if (next < 0 || nextIndent < indent || this.isDocMarker(next, nextIndent)) break;
      if (nextIndent > indent) throw BAIL;
      i = next + indent;
      if (this.indicatorAt(i)) throw BAIL;
      colon = this.keyEnd(i);
    }
    this.finish(out, base);
    return out;
  }

  private blockSeq(first: number, indent: number, depth: number): unknown[] {
    this.count(depth);
    const base = this.begin(first, depth, true);
    const from = this.itemsTop;
    let i = first;
    for (;;) {
      const item = this.valueAfter(i + 1, indent, depth + 1, true);
      this.items[this.itemsTop++] = item;
      if (base >= 0) this.records.item(this.vOff);
      const next = this.nextContent(this.pos);
      const nextIndent = this.nIndent;
      if (next < 0 || nextIndent < indent || this.isDocMarker(next, nextIndent)) break;
      if (nextIndent > indent) throw BAIL;
      i = next + indent;
      if (!this.indicatorAt(i)) break;
    }
    const out = this.takeItems(from);
    this.finish(out, base);
    return out;
  }

  /**
   * The items pushed on the item stack since `from`, as an array of exactly their number (an array
   * grown by push() keeps room for 16 more, which every decoded list would carry), stamped.
   */
  private takeItems(from: number): unknown[] {
    const out = newSequence(this.items, from, this.itemsTop);
    this.itemsTop = from;
    this.stamp(out);
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
      return this.valueBelow(j, indent, depth, inSeqItem);
    }
    let value: unknown;
    if (inSeqItem && this.indicatorAt(j)) throw BAIL; // `- - x`
    const colon = inSeqItem ? this.keyEnd(j) : -1;
    // In a sequence item the indicator, at column `indent`, is at i - 1: `j` is on its line.
    if (colon >= 0) value = this.blockMap(j, colon, indent + j - i + 1, depth);
    else value = this.inlineValue(j, indent, depth);
    this.vOff = j;
    return value;
  }

  /** The value on the lines below an indicator whose line ends (after spaces or a comment) at `j`; null if none. */
  private valueBelow(j: number, indent: number, depth: number, inSeqItem: boolean): unknown {
    const lineAfter = this.lineEnd(j) + 1;
    const next = this.nextContent(lineAfter);
    const nextIndent = this.nIndent;
    if (next >= 0 && !this.isDocMarker(next, nextIndent)) {
      const start = next + nextIndent;
      // Kubernetes style: a sequence value at the same indentation as its key.
      const sameIndentSeq = !inSeqItem && nextIndent === indent && this.indicatorAt(start);
      if (nextIndent > indent || sameIndentSeq) {
        const value = this.blockNode(start, nextIndent, indent, depth);
        this.vOff = start;
        return value;
      }
    }
    this.count(depth);
    this.pos = lineAfter;
    this.vOff = j;
    return null;
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
      const value = this.quotedValue(i);
      this.pos = this.endOfLine(this.qEnd);
      return value;
    }
    if (c === 0x7c || c === 0x3e) return this.blockScalar(i, parentIndent);
    if (badPlainStart(c) || this.indicatorAt(i)) throw BAIL;
    let e = i;
    let j = i;
    // The value's hash (for the table of values) is worked out in the same pass, up to its last non-space.
    let h = HASH_SEED;
    let he = h;
    for (; j < t.length; j++) {
      const d = t.charCodeAt(j);
      if (d === NL) break;
      if (d === HASH && t.charCodeAt(j - 1) === SPACE) {
        j = this.lineEnd(j);
        break;
      }
      if (d === COLON && this.endsToken(j)) throw BAIL;
      h = hashStep(h, d);
      if (d !== SPACE) {
        e = j + 1;
        he = h;
      }
    }
    this.pos = j + 1;
    return this.plainValue(i, e, he);
  }

  // ---- flow context --------------------------------------------------------------------------

  private flowCollection(depth: number, parentIndent: number): unknown {
    const t = this.text;
    this.count(depth);
    const isMap = t.charCodeAt(this.pos) === LBRACE;
    const close = isMap ? RBRACE : RBRACKET;
    const base = this.begin(this.pos, depth, !isMap);
    this.pos++;
    const map: Record<string, unknown> | undefined = isMap ? newMapping() : undefined;
    if (map) this.stamp(map);
    const from = this.itemsTop;
    let index: Map<string, number> | undefined;
    let count = 0;
    for (;;) {
      this.flowSpace(parentIndent);
      if (t.charCodeAt(this.pos) === close) break;
      if (map) {
        const keyOffset = this.pos;
        const key = this.flowKey();
        this.flowSpace(parentIndent);
        if (t.charCodeAt(this.pos) !== COLON) throw BAIL;
        this.pos++;
        this.flowSpace(parentIndent);
        const c = t.charCodeAt(this.pos);
        if (c === COMMA || c === close) throw BAIL; // a key without a value
        this.checkDuplicate(map, base, index, key, keyOffset);
        const valueOffset = this.pos;
        const value = this.flowNode(depth + 1, parentIndent);
        index = this.addKey(base, index, ++count, key, keyOffset, valueOffset);
        setOwn(map, key, value);
      } else {
        if (base >= 0) this.records.item(this.pos);
        const item = this.flowNode(depth + 1, parentIndent);
        this.items[this.itemsTop++] = item;
      }
      this.flowSpace(parentIndent);
      const c = t.charCodeAt(this.pos);
      if (c === COMMA) this.pos++;
      else if (c !== close) throw BAIL;
    }
    this.pos++;
    const value = map ?? this.takeItems(from);
    this.finish(value, base);
    return value;
  }

  private flowNode(depth: number, parentIndent: number): unknown {
    const c = this.text.charCodeAt(this.pos);
    if (c === LBRACE || c === LBRACKET) return this.flowCollection(depth, parentIndent);
    this.count(depth);
    if (c === DQUOTE || c === SQUOTE) {
      const value = this.quotedValue(this.pos);
      this.pos = this.qEnd;
      return value;
    }
    return this.flowPlainValue();
  }
}
