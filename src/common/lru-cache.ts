/**
 * A bounded least-recently-used cache over a Map (whose iteration order is insertion order): a hit
 * moves the entry to the back, an insertion beyond the bound drops the entry at the front. Meant for
 * memoising pure functions of strings (regex compilation, host-name rules), so that repeated values
 * cost a lookup while hostile input cannot grow memory without limit.
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly maxEntries: number) {
    if (!(maxEntries >= 1)) throw new RangeError(`LruCache needs room for at least one entry, got ${maxEntries}`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value cached for `key` (now the most recently used), or undefined. */
  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  /** Caches `value` for `key`, dropping the least recently used entry when full. `undefined` values are not cached. */
  set(key: K, value: V): void {
    if (value === undefined) return;
    if (this.entries.has(key)) this.entries.delete(key);
    else if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as K);
    this.entries.set(key, value);
  }

  clear(): void {
    this.entries.clear();
  }
}

/**
 * `f` memoised in a Map that starts over when it holds `maxEntries`: cheaper per hit than
 * memoizeString (no reordering, no wrapper object), for hot functions of a small vocabulary
 * (durations, retryOn values, apiVersions) where an occasional refill costs nothing. `f` must be
 * pure; undefined results are cached too.
 */
export function memoizeBounded<R>(f: (s: string) => R, maxEntries: number): (s: string) => R {
  if (!(maxEntries >= 1)) throw new RangeError(`memoizeBounded needs room for at least one entry, got ${maxEntries}`);
  const cache = new Map<string, R>();
  return (s: string): R => {
    const hit = cache.get(s);
    if (hit !== undefined || cache.has(s)) return hit as R;
    const result = f(s);
    if (cache.size >= maxEntries) cache.clear();
    cache.set(s, result);
    return result;
  };
}

/**
 * `f` memoised in an LRU cache of `maxEntries` (arguments longer than `maxKeyLength` are not cached).
 * `f` must be pure. Its results may be undefined (a common "no problem" answer): they are cached too.
 */
export function memoizeString<R>(f: (s: string) => R, maxEntries: number, maxKeyLength = 1024): (s: string) => R {
  const cache = new LruCache<string, { result: R }>(maxEntries);
  return (s: string): R => {
    const hit = cache.get(s);
    if (hit) return hit.result;
    const result = f(s);
    if (s.length <= maxKeyLength) cache.set(s, { result });
    return result;
  };
}
