/**
 * Structural equality of two JSON values (what a generator returns: objects, arrays, strings,
 * numbers, booleans, null), without serialising either. A push compares each regenerated resource
 * with the one of the same name it served last time: equal means the encoded bytes can be reused
 * as they are. Key order is ignored (protobuf fields have no order); a property present with the
 * value `undefined` on one side only counts as a difference (the caller then falls back to the
 * serialising path, which is exact).
 */
const hasOwn = Object.prototype.hasOwnProperty;

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  // for-in rather than Object.keys: no arrays allocated on this hot path.
  let keys = 0;
  for (const k in a) {
    if (!hasOwn.call(b, k) || !jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
    keys++;
  }
  for (const k in b) if (hasOwn.call(b, k)) keys--;
  return keys === 0;
}
