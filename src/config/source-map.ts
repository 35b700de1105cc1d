/**
 * Source positions of decoded values. Every object and array produced by the decoder is
 * registered here with the position of the node itself, of each key and of each item, so that
 * validation can point at `file:line:col` without carrying positions inside the values.
 *
 * The decoder registers them in a compact form (one flat array per value, no Position objects or
 * Maps per entry); Position objects are made only when a diagnostic asks for one, and the full
 * NodePositions form only when positionsOf() is called.
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
 * Compact positions, one flat array per value: `[MAP, file, line, col, name, keyLine, keyCol,
 * valueLine, valueCol, name, ...]` for a mapping (a name may repeat — a duplicate or a rename — and
 * the last entry wins) or `[SEQ, file, line, col, line, col, ...]` for a sequence. The PACKED forms
 * keep each line:col as one small integer, `line * 65536 + col` (files under 16384 lines whose lines
 * are under 65536 characters): `[MAP_PACKED, file, line, col, name, key, value, ...]`,
 * `[SEQ_PACKED, file, line, col, item, ...]`. Positions are most of the memory a decoded tree holds.
 */
export type PositionRecord = (string | number)[];
const MAP = 0;
const SEQ = 1;
const MAP_PACKED = 2;
const SEQ_PACKED = 3;
const HEAD = 4;
const COL_BITS = 65536;

/** Whether a file's positions fit the packed form. */
export function canPack(lines: number, longestLine: number): boolean {
  return lines < 16384 && longestLine < COL_BITS;
}

/** A new record for a mapping at line:col; add entries with addKey(). */
export function mapRecord(file: string, line: number, col: number, packed = false): PositionRecord {
  return [packed ? MAP_PACKED : MAP, file, line, col];
}

/** A new record for a sequence at line:col; add entries with addItem(). */
export function seqRecord(file: string, line: number, col: number, packed = false): PositionRecord {
  return [packed ? SEQ_PACKED : SEQ, file, line, col];
}

export function addKey(rec: PositionRecord, name: string, keyLine: number, keyCol: number, valueLine: number, valueCol: number): void {
  if (rec[0] === MAP_PACKED) rec.push(name, keyLine * COL_BITS + keyCol, valueLine * COL_BITS + valueCol);
  else rec.push(name, keyLine, keyCol, valueLine, valueCol);
}

export function addItem(rec: PositionRecord, line: number, col: number): void {
  if (rec[0] === SEQ_PACKED) rec.push(line * COL_BITS + col);
  else rec.push(line, col);
}

const keyStride = (rec: PositionRecord): number => (rec[0] === MAP_PACKED ? 3 : 5);

/** Index of the last entry named `name` in a mapping record, or -1. */
export function lastKey(rec: PositionRecord, name: string): number {
  const stride = keyStride(rec);
  for (let i = rec.length - stride; i >= HEAD; i -= stride) if (rec[i] === name) return i;
  return -1;
}

/** Calls `f` with the name and index of every entry of a mapping record, in order. */
export function forEachKey(rec: PositionRecord, f: (name: string, index: number) => void): void {
  const stride = keyStride(rec);
  for (let i = HEAD; i < rec.length; i += stride) f(rec[i] as string, i);
}

/** Line of the key of the entry at index `i` of a mapping record. */
export function keyLineAt(rec: PositionRecord, i: number): number {
  return rec[0] === MAP_PACKED ? Math.floor((rec[i + 1] as number) / COL_BITS) : (rec[i + 1] as number);
}

/** Position of the key (or value) of the mapping entry at index `i`. */
function entryPos(rec: PositionRecord, i: number, ofValue: boolean): Position {
  const file = rec[1] as string;
  if (rec[0] === MAP_PACKED) {
    const n = rec[i + (ofValue ? 2 : 1)] as number;
    return { file, line: Math.floor(n / COL_BITS), col: n % COL_BITS };
  }
  return ofValue ? { file, line: rec[i + 3] as number, col: rec[i + 4] as number } : { file, line: rec[i + 1] as number, col: rec[i + 2] as number };
}

/** Position of item `k` of a sequence record, or undefined when out of range. */
function itemPos(rec: PositionRecord, k: number): Position | undefined {
  const file = rec[1] as string;
  if (rec[0] === SEQ_PACKED) {
    const n = rec[HEAD + k] as number | undefined;
    return n === undefined || k < 0 ? undefined : { file, line: Math.floor(n / COL_BITS), col: n % COL_BITS };
  }
  const i = HEAD + 2 * k;
  return k < 0 || i + 1 >= rec.length ? undefined : { file, line: rec[i] as number, col: rec[i + 1] as number };
}

const isMapRecord = (rec: PositionRecord): boolean => rec[0] === MAP || rec[0] === MAP_PACKED;

/**
 * Builds the records of one file with a single growing buffer: a record's entries are contiguous
 * because nested values finish (and are cut out) before their parent's next entry, so end() copies
 * each record out at its exact size, one allocation per record. The buffer is never shrunk (`top`
 * marks its end), so cutting a record out costs no more than the copy.
 */
export class RecordBuilder {
  private readonly buf: (string | number)[] = [];
  private top = 0;
  private readonly stride: number;

  constructor(
    private readonly file: string,
    private readonly packed: boolean,
  ) {
    this.stride = packed ? 3 : 5;
  }

  /** Starts a record; returns its base index. */
  begin(isMap: boolean, line: number, col: number): number {
    const base = this.top;
    const buf = this.buf;
    buf[base] = isMap ? (this.packed ? MAP_PACKED : MAP) : this.packed ? SEQ_PACKED : SEQ;
    buf[base + 1] = this.file;
    buf[base + 2] = line;
    buf[base + 3] = col;
    this.top = base + HEAD;
    return base;
  }

  /** Adds a mapping entry to the record being built; returns the entry's index. */
  key(name: string, keyLine: number, keyCol: number, valueLine: number, valueCol: number): number {
    const at = this.top;
    const buf = this.buf;
    buf[at] = name;
    if (this.packed) {
      buf[at + 1] = keyLine * COL_BITS + keyCol;
      buf[at + 2] = valueLine * COL_BITS + valueCol;
      this.top = at + 3;
    } else {
      buf[at + 1] = keyLine;
      buf[at + 2] = keyCol;
      buf[at + 3] = valueLine;
      buf[at + 4] = valueCol;
      this.top = at + 5;
    }
    return at;
  }

  item(line: number, col: number): void {
    if (this.packed) {
      this.buf[this.top++] = line * COL_BITS + col;
    } else {
      this.buf[this.top] = line;
      this.buf[this.top + 1] = col;
      this.top += 2;
    }
  }

  /** Index of the last entry named `name` of the mapping record at `base`, or -1. */
  lastKey(base: number, name: string): number {
    for (let i = this.top - this.stride; i >= base + HEAD; i -= this.stride) if (this.buf[i] === name) return i;
    return -1;
  }

  /** Calls `f` with every entry of the mapping record at `base`. */
  forEachKey(base: number, f: (name: string, index: number) => void): void {
    for (let i = base + HEAD; i < this.top; i += this.stride) f(this.buf[i] as string, i);
  }

  keyLine(index: number): number {
    const n = this.buf[index + 1] as number;
    return this.packed ? Math.floor(n / COL_BITS) : n;
  }

  /** The finished record at `base`, cut out of the buffer. */
  end(base: number): PositionRecord {
    const rec = this.buf.slice(base, this.top);
    this.top = base;
    return rec;
  }
}

/**
 * Positions live in a private field added to the value itself, with the "return override" idiom: a
 * base constructor that returns its argument makes `new PositionStamp(value, p)` install the field on
 * `value`. A private field is invisible to Object.keys, JSON, spreads, deep equality and every other
 * reflection API, and V8 adds one as cheaply as an ordinary property — several times cheaper than a
 * non-enumerable Object.defineProperty or a WeakMap entry (this runs for every decoded object and array).
 */
type Stored = PositionRecord | NodePositions;

class ReturnsTarget {
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
}

function stored(value: object): Stored | undefined {
  return PositionStamp.get(value);
}

function store(value: object, p: Stored): void {
  PositionStamp.set(value, p);
}

export function setPositions(value: object, positions: NodePositions): void {
  store(value, positions);
}

/** Attaches a compact record built with mapRecord()/seqRecord() (or RecordBuilder) to a value. */
export function attachPositions(value: object, rec: PositionRecord): void {
  store(value, rec);
}

function expand(r: PositionRecord): NodePositions {
  const full: NodePositions = { self: { file: r[1] as string, line: r[2] as number, col: r[3] as number } };
  if (isMapRecord(r)) {
    const keys = new Map<string, Position>();
    const values = new Map<string, Position>();
    forEachKey(r, (name, i) => {
      keys.set(name, entryPos(r, i, false));
      values.set(name, entryPos(r, i, true));
    });
    full.keys = keys;
    full.values = values;
  } else {
    full.items = [];
    for (let k = 0; ; k++) {
      const p = itemPos(r, k);
      if (!p) break;
      full.items.push(p);
    }
  }
  return full;
}

/** The full positions of a value (made from the compact record on first use). */
export function positionsOf(value: unknown): NodePositions | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const p = stored(value);
  if (!p || !Array.isArray(p)) return p;
  const full = expand(p);
  store(value, full);
  return full;
}

/** Position of `value` itself, or of `value[key]` (the key for maps, the item for arrays). */
export function posOf(value: unknown, key?: string | number): Position | undefined {
  return lookup(value, key, false);
}

/** Position of the value stored under `key` (falls back to the key, then to the object). */
export function valuePosOf(value: unknown, key: string | number): Position | undefined {
  return lookup(value, key, true);
}

function lookup(value: unknown, key: string | number | undefined, ofValue: boolean): Position | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const p = stored(value);
  if (!p) return undefined;
  if (!Array.isArray(p)) {
    if (key === undefined) return p.self;
    if (typeof key === 'number') return p.items?.[key] ?? p.self;
    return (ofValue ? (p.values?.get(key) ?? p.keys?.get(key)) : p.keys?.get(key)) ?? p.self;
  }
  if (typeof key === 'number') {
    const item = isMapRecord(p) ? undefined : itemPos(p, key);
    if (item) return item;
  } else if (key !== undefined && isMapRecord(p)) {
    const i = lastKey(p, key);
    if (i >= 0) return entryPos(p, i, ofValue);
  }
  return { file: p[1] as string, line: p[2] as number, col: p[3] as number };
}

/** Re-key an existing entry (used when a key is renamed, e.g. `sni_hosts` → `sniHosts`). */
export function renameKey(value: object, from: string, to: string): void {
  const p = stored(value);
  if (!p) return;
  if (Array.isArray(p)) {
    const i = isMapRecord(p) ? lastKey(p, from) : -1;
    if (i >= 0) p.push(to, ...p.slice(i + 1, i + keyStride(p)));
    return;
  }
  const k = p.keys?.get(from);
  if (k) p.keys!.set(to, k);
  const v = p.values?.get(from);
  if (v) p.values!.set(to, v);
}
