/**
 * Deep equality of decoded configuration values (plain objects, arrays, strings, numbers,
 * booleans, null), without allocating: caches keyed by content use it to tell that an object
 * decoded again on a reload is the one they already hold, without building a key string per object.
 * Own enumerable keys must match (order aside); an `undefined` value counts as present.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const aa = Array.isArray(a);
  if (aa !== Array.isArray(b)) return false;
  if (aa) return sameArray(a as unknown[], b as unknown[]);
  return sameObject(a as Record<string, unknown>, b as Record<string, unknown>);
}

function sameArray(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
  return true;
}

const hasOwn = Object.prototype.hasOwnProperty;

function sameObject(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  let n = 0;
  for (const k in a) {
    if (!hasOwn.call(a, k)) continue;
    if (!hasOwn.call(b, k) || !sameValue(a[k], b[k])) return false;
    n++;
  }
  for (const k in b) if (hasOwn.call(b, k)) n--;
  return n === 0;
}
