/**
 * Source positions of decoded values. Every object and array produced by the decoder is
 * registered here with the position of the node itself, of each key and of each item, so that
 * validation can point at `file:line:col` without carrying positions inside the values.
 *
 * The decoder registers them in a compact form (numbers, no Position objects or Maps per entry);
 * Position objects are made only when a diagnostic asks for one, and the full NodePositions form
 * only when positionsOf() is called.
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

/** Compact positions: `nums` holds keyLine, keyCol, valueLine, valueCol per name (mappings) or line, col per item (sequences). */
interface Compact {
  file: string;
  line: number;
  col: number;
  /** Mapping keys in order; a key may repeat (a duplicate, or a rename): the last entry wins. */
  names?: string[];
  nums: number[];
  full?: NodePositions;
}

const table = new WeakMap<object, Compact | NodePositions>();

const isCompact = (p: Compact | NodePositions): p is Compact => (p as Compact).nums !== undefined;

export function setPositions(value: object, positions: NodePositions): void {
  table.set(value, positions);
}

/** Registers a mapping's positions: `nums` has keyLine, keyCol, valueLine, valueCol for each of `names`. */
export function setMapPositions(value: object, file: string, line: number, col: number, names: string[], nums: number[]): void {
  table.set(value, { file, line, col, names, nums });
}

/** Registers a sequence's positions: `nums` has line, col for each item. */
export function setSeqPositions(value: object, file: string, line: number, col: number, nums: number[]): void {
  table.set(value, { file, line, col, nums });
}

function expand(c: Compact): NodePositions {
  if (c.full) return c.full;
  const pos = (line: number, col: number): Position => ({ file: c.file, line, col });
  const full: NodePositions = { self: pos(c.line, c.col) };
  const n = c.nums;
  if (c.names) {
    full.keys = new Map();
    full.values = new Map();
    c.names.forEach((name, i) => {
      full.keys!.set(name, pos(n[4 * i], n[4 * i + 1]));
      full.values!.set(name, pos(n[4 * i + 2], n[4 * i + 3]));
    });
  } else {
    full.items = [];
    for (let i = 0; i < n.length; i += 2) full.items.push(pos(n[i], n[i + 1]));
  }
  c.full = full;
  return full;
}

export function positionsOf(value: unknown): NodePositions | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const p = table.get(value);
  if (!p) return undefined;
  return isCompact(p) ? expand(p) : p;
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
  const p = table.get(value);
  if (!p) return undefined;
  if (!isCompact(p) || p.full) {
    const f = isCompact(p) ? p.full! : p;
    if (key === undefined) return f.self;
    if (typeof key === 'number') return f.items?.[key] ?? f.self;
    return (ofValue ? (f.values?.get(key) ?? f.keys?.get(key)) : f.keys?.get(key)) ?? f.self;
  }
  const n = p.nums;
  if (key !== undefined) {
    if (typeof key === 'number') {
      if (!p.names && 2 * key + 1 < n.length && key >= 0) return { file: p.file, line: n[2 * key], col: n[2 * key + 1] };
    } else if (p.names) {
      const i = p.names.lastIndexOf(key);
      if (i >= 0) return ofValue ? { file: p.file, line: n[4 * i + 2], col: n[4 * i + 3] } : { file: p.file, line: n[4 * i], col: n[4 * i + 1] };
    }
  }
  return { file: p.file, line: p.line, col: p.col };
}

/** Re-key an existing entry (used when a key is renamed, e.g. `sni_hosts` → `sniHosts`). */
export function renameKey(value: object, from: string, to: string): void {
  const p = table.get(value);
  if (!p) return;
  if (isCompact(p) && !p.full) {
    const i = p.names ? p.names.lastIndexOf(from) : -1;
    if (i < 0) return;
    p.names!.push(to);
    p.nums.push(p.nums[4 * i], p.nums[4 * i + 1], p.nums[4 * i + 2], p.nums[4 * i + 3]);
    return;
  }
  const f = isCompact(p) ? p.full! : p;
  const k = f.keys?.get(from);
  if (k) f.keys!.set(to, k);
  const v = f.values?.get(from);
  if (v) f.values!.set(to, v);
}
