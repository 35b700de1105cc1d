/**
 * The mappings and sequences the fast decoder (decode-fast.ts) makes, written so that V8 tracks where
 * they are allocated. Decoded values outlive the load that makes them (resources keep them); V8 sees
 * that what a tracked allocation site makes survives and then allocates it with long-lived objects,
 * instead of copying each value twice through the young generation. `{}` and slice() are never
 * tracked so; an object literal with a property and an array literal are.
 */

const OBJECT_PROTOTYPE = Object.prototype;

/** An empty mapping, as `{}` is: the `__proto__` it names is the prototype `{}` has anyway. */
export function newMapping(): Record<string, unknown> {
  return { __proto__: OBJECT_PROTOTYPE } as Record<string, unknown>;
}

/**
 * `items[from, to)` as a new array. Short ones (most lists: 95% of a generated mesh's have one to
 * four items) are array literals; longer ones are cut out with slice().
 */
export function newSequence(items: unknown[], from: number, to: number): unknown[] {
  switch (to - from) {
    case 0:
      return [];
    case 1:
      return [items[from]];
    case 2:
      return [items[from], items[from + 1]];
    case 3:
      return [items[from], items[from + 1], items[from + 2]];
    case 4:
      return [items[from], items[from + 1], items[from + 2], items[from + 3]];
    default:
      return items.slice(from, to);
  }
}
