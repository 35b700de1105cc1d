/**
 * Source positions of decoded values. Every object and array produced by the decoder is
 * registered here with the position of the node itself, of each key and of each item, so that
 * validation can point at `file:line:col` without carrying positions inside the values.
 *
 * The fast decoder registers them in a compact form: one flat array per value holding character
 * offsets into the file's text (SourceText), no Position objects, Maps or line numbers. Lines and
 * columns are worked out only when a diagnostic asks for a position, and the full NodePositions form
 * only when positionsOf() is called. As the loader decodes, most values carry nothing at all until
 * a lookup names their file's deferred positions as its anchor (see file-positions.ts).
 */
import type { Position } from './diagnostic.ts';

export interface NodePositions {
  self: Position;
  /** For mappings: where each key starts (after snake_case → camelCase normalisation, both names). */
  keys?: Map<string, Position>;
  /** For mappings: where each value starts. */
  values?: Map<string, Position>;
  /** For sequences: where each item starts. */
  items?: Position[];
}

/**
 * One file's text, which turns character offsets into 1-based lines and columns. Offsets asked for
 * in increasing order (the decoder's document starts) cost a scan forward from the last one; the
 * first offset asked for out of order builds a table of line starts, searched from then on.
 */
export class SourceText {
  private lineStarts?: Int32Array;
  private cursor = 0;
  private cursorLine = 1;
  private cursorLineStart = 0;

  constructor(
    readonly file: string,
    readonly text: string,
  ) {}

  /** The 1-based line of `offset`. */
  line(offset: number): number {
    this.locate(offset);
    return this.foundLine;
  }

  position(offset: number): Position {
    this.locate(offset);
    return { file: this.file, line: this.foundLine, col: offset - this.foundLineStart + 1 };
  }

  /** Output of locate(): the line of the offset and where that line starts. */
  private foundLine = 1;
  private foundLineStart = 0;

  private locate(offset: number): void {
    if (!this.lineStarts && offset >= this.cursor) {
      const t = this.text;
      let line = this.cursorLine;
      let start = this.cursorLineStart;
      for (let nl = t.indexOf('\n', this.cursor); nl >= 0 && nl < offset; nl = t.indexOf('\n', nl + 1)) {
        line++;
        start = nl + 1;
      }
      this.cursor = offset;
      this.cursorLine = this.foundLine = line;
      this.cursorLineStart = this.foundLineStart = start;
      return;
    }
    const starts = (this.lineStarts ??= lineStartsOf(this.text));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    this.foundLine = lo + 1;
    this.foundLineStart = starts[lo];
  }
}

function lineStartsOf(text: string): Int32Array {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  const starts = new Int32Array(n);
  let k = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts[k++] = i + 1;
  return starts;
}

/**
 * Compact positions, one flat array per value: `[source, offset, name, keyOffset, valueOffset, name,
 * ...]` for a mapping (a name may repeat — a duplicate or a rename — and the last entry wins) or
 * `[source, offset, itemOffset, ...]` for a sequence; the value itself (an array or not) tells which.
 * Offsets are character offsets into the SourceText. Positions are much of the memory a decoded tree
 * holds, so a record is a single array of small integers and shared strings.
 */
export type PositionRecord = (SourceText | string | number)[];
const HEAD = 2;
const KEY_STRIDE = 3;

/** A new record for a mapping or a sequence starting at `offset`; add entries with addKey() or addItem(). */
export function newRecord(source: SourceText, offset: number): PositionRecord {
  return [source, offset];
}

export function addKey(rec: PositionRecord, name: string, keyOffset: number, valueOffset: number): void {
  rec.push(name, keyOffset, valueOffset);
}

export function addItem(rec: PositionRecord, offset: number): void {
  rec.push(offset);
}

/** Index of the last entry named `name` in a mapping record, or -1. */
function lastKey(rec: PositionRecord, name: string): number {
  for (let i = rec.length - KEY_STRIDE; i >= HEAD; i -= KEY_STRIDE) if (rec[i] === name) return i;
  return -1;
}

const sourceOf = (rec: PositionRecord): SourceText => rec[0] as SourceText;
const at = (rec: PositionRecord, i: number): Position => sourceOf(rec).position(rec[i] as number);

/** Position of item `k` of a sequence record, or undefined when out of range. */
function itemPos(rec: PositionRecord, k: number): Position | undefined {
  return k < 0 || HEAD + k >= rec.length ? undefined : at(rec, HEAD + k);
}

/**
 * Builds the records of one file with a single growing buffer: a record's entries are contiguous
 * because nested values finish (and are cut out) before their parent's next entry, so end() copies
 * each record out at its exact size, one allocation per record. The buffer is never shrunk (`top`
 * marks its end), so cutting a record out costs no more than the copy.
 */
export class RecordBuilder {
  private readonly buf: PositionRecord = [];
  private top = 0;

  constructor(readonly source: SourceText) {}

  /** Starts a record for a value at `offset`; returns its base index. */
  begin(offset: number): number {
    const base = this.top;
    this.buf[base] = this.source;
    this.buf[base + 1] = offset;
    this.top = base + HEAD;
    return base;
  }

  /** Adds a mapping entry to the record being built; returns the entry's index. */
  key(name: string, keyOffset: number, valueOffset: number): number {
    const at = this.top;
    const buf = this.buf;
    buf[at] = name;
    buf[at + 1] = keyOffset;
    buf[at + 2] = valueOffset;
    this.top = at + KEY_STRIDE;
    return at;
  }

  item(offset: number): void {
    this.buf[this.top++] = offset;
  }

  /** Index of the last entry named `name` of the mapping record at `base`, or -1. */
  lastKey(base: number, name: string): number {
    for (let i = this.top - KEY_STRIDE; i >= base + HEAD; i -= KEY_STRIDE) if (this.buf[i] === name) return i;
    return -1;
  }

  /** Calls `f` with every entry of the mapping record at `base`. */
  forEachKey(base: number, f: (name: string, index: number) => void): void {
    for (let i = base + HEAD; i < this.top; i += KEY_STRIDE) f(this.buf[i] as string, i);
  }

  /** Line of the key of the entry at `index`. */
  keyLine(index: number): number {
    return this.source.line(this.buf[index + 1] as number);
  }

  /** The finished record at `base`, cut out of the buffer. */
  end(base: number): PositionRecord {
    const rec = this.buf.slice(base, this.top);
    this.top = base;
    return rec;
  }
}

/**
 * Positions not recorded yet. The fast decoder stamps every value of a file with one shared instance
 * instead of a record, since most files never need a position; the first lookup of any of those
 * values calls resolve(), which records them all (by decoding the file again) and replaces the stamp
 * of each value with its record (replaceDeferred).
 */
export abstract class DeferredPositions {
  abstract resolve(): void;
}

/**
 * Positions live in a private field added to the value itself, with the "return override" idiom: a
 * base constructor that returns its argument makes `new PositionStamp(value, p)` install the field on
 * `value`. A private field is invisible to Object.keys, JSON, spreads, deep equality and every other
 * reflection API, and V8 adds one as cheaply as an ordinary property — several times cheaper than a
 * non-enumerable Object.defineProperty or a WeakMap entry (this runs for every decoded object and array).
 */
type Stored = PositionRecord | NodePositions | DeferredPositions;

/**
 * The base: a class derived from null whose constructor returns its argument without calling super(),
 * so that constructing it allocates nothing (a base class would allocate a receiver, then drop it).
 */
class ReturnsTarget extends (null as unknown as new () => object) {
  // @ts-expect-error: a derived constructor that returns an object needs no super() call.
  constructor(target: object) {
    return target;
  }
}

class PositionStamp extends ReturnsTarget {
  #positions: Stored;

  private constructor(target: object, p: Stored) {
    super(target);
    this.#positions = p;
  }

  static get(value: object): Stored | undefined {
    return #positions in value ? (value as PositionStamp).#positions : undefined;
  }

  static set(value: object, p: Stored): void {
    if (#positions in value) (value as PositionStamp).#positions = p;
    else new PositionStamp(value, p);
  }

  /** For a value that has no positions yet (one the decoder has just made). */
  static add(value: object, p: Stored): void {
    new PositionStamp(value, p);
  }

  /** For a value that has positions (one stamped by add()). */
  static replace(value: object, p: Stored): void {
    (value as PositionStamp).#positions = p;
  }
}

/**
 * The anchor of lookups made while a loaded resource is checked (withAnchor): the deferred positions
 * of the file it comes from, for the values of that file that carry no stamp.
 */
let currentAnchor: DeferredPositions | undefined;

/**
 * Runs `f` with `anchor` as the deferred positions that values without a stamp are looked up in (the
 * loader decodes files with stamps on none of their deep values; see file-positions.ts).
 */
export function withAnchor<T>(anchor: DeferredPositions | undefined, f: () => T): T {
  const saved = currentAnchor;
  currentAnchor = anchor;
  try {
    return f();
  } finally {
    currentAnchor = saved;
  }
}

/** The deferred positions an anchor (a stamped value, or deferred positions themselves) stands for. */
function deferredOf(anchor: object | undefined): DeferredPositions | undefined {
  if (anchor === undefined) return currentAnchor;
  if (anchor instanceof DeferredPositions) return anchor;
  const p = PositionStamp.get(anchor);
  return p instanceof DeferredPositions ? p : currentAnchor;
}

/**
 * The positions of a value, resolving deferred ones first. A value without a stamp is looked up in
 * the deferred positions of `anchor` (or of the current anchor), which give it a record if it is part
 * of their file.
 */
function stored(value: object, anchor?: object): PositionRecord | NodePositions | undefined {
  let p = PositionStamp.get(value);
  if (p === undefined) {
    const d = deferredOf(anchor);
    if (d === undefined) return undefined;
    d.resolve();
    p = PositionStamp.get(value);
  }
  if (p instanceof DeferredPositions) {
    p.resolve();
    p = PositionStamp.get(value);
    if (p instanceof DeferredPositions) return undefined; // not reached by resolve(): the value was changed
  }
  return p;
}

/**
 * Gives `value`, stamped with `deferred` or not stamped at all, the positions of `twin` (the same
 * value decoded again with its positions). Returns false, changing nothing, when `value` has
 * positions of its own.
 */
export function replaceDeferred(value: object, deferred: DeferredPositions, twin: object): boolean {
  const own = PositionStamp.get(value);
  if (own !== deferred && own !== undefined) return false;
  const p = PositionStamp.get(twin);
  if (p && !(p instanceof DeferredPositions)) PositionStamp.set(value, p);
  return true;
}

function store(value: object, p: Stored): void {
  PositionStamp.set(value, p);
}

export function setPositions(value: object, positions: NodePositions): void {
  store(value, positions);
}

/** Attaches a compact record built with newRecord() (or RecordBuilder), or deferred positions, to a value that has no positions yet. */
export function attachPositions(value: object, rec: PositionRecord | DeferredPositions): void {
  PositionStamp.add(value, rec);
}

/** Gives a value made after decoding (a loaded resource's `body`) the deferred positions of the file its values come from, as an anchor for them. */
export function shareDeferred(value: object, from: DeferredPositions): void {
  PositionStamp.add(value, from);
}

/** Replaces the positions of a value that has some (attachPositions) with a record. */
export function replacePositions(value: object, rec: PositionRecord): void {
  PositionStamp.replace(value, rec);
}

/** The stamp of a value whose record is still being built: it has no positions until then. */
class Unrecorded extends DeferredPositions {
  resolve(): void {}
}
export const UNRECORDED: DeferredPositions = new Unrecorded();

function expand(value: object, r: PositionRecord): NodePositions {
  const full: NodePositions = { self: at(r, 1) };
  if (!Array.isArray(value)) {
    const keys = new Map<string, Position>();
    const values = new Map<string, Position>();
    for (let i = HEAD; i < r.length; i += KEY_STRIDE) {
      const name = r[i] as string;
      keys.set(name, at(r, i + 1));
      values.set(name, at(r, i + 2));
    }
    full.keys = keys;
    full.values = values;
  } else {
    full.items = [];
    for (let i = HEAD; i < r.length; i++) full.items.push(at(r, i));
  }
  return full;
}

/** The full positions of a value (made from the compact record on first use). */
export function positionsOf(value: unknown, anchor?: object): NodePositions | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const p = stored(value, anchor);
  if (!p || !Array.isArray(p)) return p;
  const full = expand(value, p);
  store(value, full);
  return full;
}

/**
 * Position of `value` itself, or of `value[key]` (the key for maps, the item for arrays). `anchor`: a
 * value of the same file with a stamp (a loaded resource's `body`), for a value the loader left
 * without one; during a resource's checks the loader sets the anchor itself (withAnchor).
 */
export function posOf(value: unknown, key?: string | number, anchor?: object): Position | undefined {
  return lookup(value, key, false, anchor);
}

/** Position of the value stored under `key` (falls back to the key, then to the object); `anchor` as for posOf(). */
export function valuePosOf(value: unknown, key: string | number, anchor?: object): Position | undefined {
  return lookup(value, key, true, anchor);
}

function lookup(value: unknown, key: string | number | undefined, ofValue: boolean, anchor: object | undefined): Position | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const p = stored(value, anchor);
  if (!p) return undefined;
  if (!Array.isArray(p)) {
    if (key === undefined) return p.self;
    if (typeof key === 'number') return p.items?.[key] ?? p.self;
    return (ofValue ? (p.values?.get(key) ?? p.keys?.get(key)) : p.keys?.get(key)) ?? p.self;
  }
  const isSeq = Array.isArray(value);
  if (typeof key === 'number') {
    const item = isSeq ? itemPos(p, key) : undefined;
    if (item) return item;
  } else if (key !== undefined && !isSeq) {
    const i = lastKey(p, key);
    if (i >= 0) return at(p, i + (ofValue ? 2 : 1));
  }
  return at(p, 1);
}

/** Re-key an existing entry (used when a key is renamed, e.g. `sni_hosts` → `sniHosts`). */
export function renameKey(value: object, from: string, to: string, anchor?: object): void {
  const p = stored(value, anchor);
  if (!p) return;
  if (Array.isArray(p)) {
    const i = Array.isArray(value) ? -1 : lastKey(p, from);
    if (i >= 0) p.push(to, p[i + 1], p[i + 2]);
    return;
  }
  const k = p.keys?.get(from);
  if (k) p.keys!.set(to, k);
  const v = p.values?.get(from);
  if (v) p.values!.set(to, v);
}
