/**
 * Source positions of decoded values. Every object and array produced by the decoder is
 * registered here with the position of the node itself, of each key and of each item, so that
 * validation can point at `file:line:col` without carrying positions inside the values.
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

const table = new WeakMap<object, NodePositions>();

export function setPositions(value: object, positions: NodePositions): void {
  table.set(value, positions);
}

export function positionsOf(value: unknown): NodePositions | undefined {
  return value !== null && typeof value === 'object' ? table.get(value) : undefined;
}

/** Position of `value` itself, or of `value[key]` (the key for maps, the item for arrays). */
export function posOf(value: unknown, key?: string | number): Position | undefined {
  const p = positionsOf(value);
  if (!p) return undefined;
  if (key === undefined) return p.self;
  if (typeof key === 'number') return p.items?.[key] ?? p.self;
  return p.keys?.get(key) ?? p.self;
}

/** Position of the value stored under `key` (falls back to the key, then to the object). */
export function valuePosOf(value: unknown, key: string | number): Position | undefined {
  const p = positionsOf(value);
  if (!p) return undefined;
  if (typeof key === 'number') return p.items?.[key] ?? p.self;
  return p.values?.get(key) ?? p.keys?.get(key) ?? p.self;
}

/** Re-key an existing entry (used when a key is renamed, e.g. `sni_hosts` → `sniHosts`). */
export function renameKey(value: object, from: string, to: string): void {
  const p = table.get(value);
  if (!p) return;
  const k = p.keys?.get(from);
  if (k) p.keys!.set(to, k);
  const v = p.values?.get(from);
  if (v) p.values!.set(to, v);
}
