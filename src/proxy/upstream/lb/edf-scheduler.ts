/**
 * Envoy's earliest-deadline-first scheduler: each entry has a deadline `now + 1/weight`; a pick
 * takes the earliest (ties in insertion order), advances `now` to it and re-adds the entry with
 * its weight recomputed (so least request can weigh by active requests). Weighted round robin,
 * weighted least request and locality selection all schedule with it.
 */

interface Item<T> {
  deadline: number;
  order: number;
  entry: T;
}

export class EdfScheduler<T> {
  private readonly heap: Item<T>[] = [];
  private now = 0;
  private order = 0;

  /** Adds `entry` with `weight` (> 0; entries with weight <= 0 are never scheduled). */
  add(weight: number, entry: T): void {
    if (!(weight > 0)) return;
    this.push({ deadline: this.now + 1 / weight, order: this.order++, entry });
  }

  get size(): number {
    return this.heap.length;
  }

  /** The earliest entry, re-added with `weightOf(entry)`; undefined when empty. */
  pickAndAdd(weightOf: (entry: T) => number): T | undefined {
    const top = this.pop();
    if (!top) return undefined;
    this.now = top.deadline;
    this.add(weightOf(top.entry), top.entry);
    return top.entry;
  }

  private less(a: Item<T>, b: Item<T>): boolean {
    return a.deadline < b.deadline || (a.deadline === b.deadline && a.order < b.order);
  }

  private push(item: Item<T>): void {
    const h = this.heap;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  private pop(): Item<T> | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l], h[m])) m = l;
        if (r < h.length && this.less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}
