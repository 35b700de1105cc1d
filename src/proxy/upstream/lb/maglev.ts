/**
 * MAGLEV (Envoy's maglev table, from Google's Maglev paper): a prime-sized table (65537 entries by
 * default) filled by each host in turn along its own permutation — offset xxHash64(address) mod M,
 * skip xxHash64(address, seed 1) mod (M − 1) + 1 — hosts sorted by address for stability, a host
 * taking a turn only as often as its normalized weight allows. A request hash indexes the table; a
 * retry that must avoid a host flips the hash by `~0 − attempt + 1`.
 */
import type { HashTable } from './hashing-lb.ts';
import type { LbHost } from './lb-host.ts';
import type { NormalizedWeights } from './normalize-weights.ts';
import { xxHash64 } from './xxhash64.ts';

export const DEFAULT_TABLE_SIZE = 65537;
const MASK64 = (1n << 64n) - 1n;

export function isPrime(n: number): boolean {
  if (!Number.isInteger(n) || n < 2) return false;
  if (n % 2 === 0) return n === 2;
  for (let d = 3; d * d <= n; d += 2) if (n % d === 0) return false;
  return true;
}

interface BuildEntry<H> {
  host: H;
  position: number;
  skip: number;
  weight: number;
  target: number;
  count: number;
}

export class MaglevTable<H extends LbHost> implements HashTable<H> {
  private readonly table: Int32Array;
  private readonly hosts: H[];
  readonly minEntriesPerHost: number;
  readonly maxEntriesPerHost: number;

  constructor(weights: NormalizedWeights<H>, readonly tableSize = DEFAULT_TABLE_SIZE) {
    const m = tableSize;
    const sorted = [...weights.entries].sort((a, b) => (a[0].addressText < b[0].addressText ? -1 : a[0].addressText > b[0].addressText ? 1 : 0));
    const entries: BuildEntry<H>[] = sorted.map(([host, weight]) => ({
      host,
      position: Number(xxHash64(host.addressText) % BigInt(m)),
      skip: Number(xxHash64(host.addressText, 1n) % BigInt(m - 1)) + 1,
      weight,
      target: 0,
      count: 0,
    }));
    this.hosts = entries.map((e) => e.host);
    this.table = new Int32Array(entries.length === 0 ? 0 : m).fill(-1);
    if (entries.length > 0) this.fill(entries, weights.max);
    this.minEntriesPerHost = entries.length === 0 ? 0 : Math.min(...entries.map((e) => e.count));
    this.maxEntriesPerHost = entries.length === 0 ? 0 : Math.max(...entries.map((e) => e.count));
  }

  private fill(entries: BuildEntry<H>[], maxWeight: number): void {
    const m = this.tableSize;
    let filled = 0;
    for (let iteration = 1; filled < m; iteration++) {
      for (let i = 0; i < entries.length && filled < m; i++) {
        const e = entries[i];
        // A host with the largest weight takes a slot every round; one with a third of it every third round.
        if (iteration * e.weight < e.target) continue;
        e.target += maxWeight;
        while (this.table[e.position] !== -1) e.position = (e.position + e.skip) % m;
        this.table[e.position] = i;
        e.position = (e.position + e.skip) % m;
        e.count++;
        filled++;
      }
    }
  }

  chooseHost(hash: bigint, attempt: number): H | undefined {
    if (this.hosts.length === 0) return undefined;
    if (attempt > 0) hash ^= (MASK64 - BigInt(attempt) + 1n) & MASK64;
    return this.hosts[this.table[Number(hash % BigInt(this.tableSize))]];
  }
}
