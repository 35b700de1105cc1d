/**
 * One shared copy of each of the names the model's indexes are keyed and compared by (hosts,
 * gateway names). Generation compares a server's hosts with its VirtualServices' hosts and looks
 * VirtualServices up by gateway name a few times per server, thousands of times per route
 * configuration; when equal names are one object, those are pointer comparisons instead of reads
 * of two strings left in different places of the heap by decoding. Nothing depends on identity for
 * correctness (strings compare by value), so the pool is simply bounded: past MAX_NAMES it starts
 * over.
 */

const MAX_NAMES = 200_000;
let pool = new Map<string, string>();

/** The pool's copy of `s` (equal to it in every respect), `s` itself when it is new. */
export function intern(s: string): string {
  const x = pool.get(s);
  if (x !== undefined) return x;
  if (pool.size >= MAX_NAMES) pool = new Map();
  pool.set(s, s);
  return s;
}

/**
 * `parts` (two or more) joined as one flat string. Names built with `+` or a template are ropes (the engine's
 * cons strings), slower to look up as map keys on every use; a name built once and looked up per
 * generation is worth one copy.
 */
export function flat(...parts: string[]): string {
  return parts.join('');
}
