/**
 * RING_HASH (Envoy's ketama-style ring): every host gets a number of points proportional to its
 * normalized weight — `scale = min(ceil(minWeight × minimumRingSize) / minWeight, maximumRingSize)`
 * points in all — each point being xxHash64 of `"<address>_<i>"`. A request hash maps to the first
 * point at or after it (wrapping to the start); a retry that must avoid a host walks `attempt`
 * points further.
 */
import type { HashTable } from './hashing-lb.ts';
import type { LbHost } from './lb-host.ts';
import type { NormalizedWeights } from './normalize-weights.ts';
import { xxHash64 } from './xxhash64.ts';

export const DEFAULT_MIN_RING_SIZE = 1024;
export const DEFAULT_MAX_RING_SIZE = 8 * 1024 * 1024;

export class Ring<H extends LbHost> implements HashTable<H> {
  readonly hashes: BigUint64Array;
  readonly hosts: H[];
  /** Points per host, fewest and most (Envoy's min/max_hashes_per_host gauges). */
  readonly minHashesPerHost: number;
  readonly maxHashesPerHost: number;

  constructor(weights: NormalizedWeights<H>, minRingSize = DEFAULT_MIN_RING_SIZE, maxRingSize = DEFAULT_MAX_RING_SIZE) {
    const points: [bigint, H][] = [];
    let minPer = Infinity;
    let maxPer = 0;
    if (weights.entries.length > 0) {
      const scale = Math.min(Math.ceil(weights.min * minRingSize) / weights.min, maxRingSize);
      let current = 0;
      let target = 0;
      for (const [host, w] of weights.entries) {
        target += scale * w;
        let i = 0;
        while (current < target) {
          points.push([xxHash64(`${host.addressText}_${i}`), host]);
          i++;
          current++;
        }
        minPer = Math.min(minPer, i);
        maxPer = Math.max(maxPer, i);
      }
    }
    points.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    this.hashes = BigUint64Array.from(points.map((p) => p[0]));
    this.hosts = points.map((p) => p[1]);
    this.minHashesPerHost = points.length === 0 ? 0 : minPer;
    this.maxHashesPerHost = maxPer;
  }

  get size(): number {
    return this.hosts.length;
  }

  chooseHost(hash: bigint, attempt: number): H | undefined {
    const n = this.hashes.length;
    if (n === 0) return undefined;
    // The first point whose hash is >= the request hash; past the last point wraps to 0.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.hashes[mid] < hash) lo = mid + 1;
      else hi = mid;
    }
    let index = lo === n ? 0 : lo;
    if (attempt > 0) index = (index + attempt) % n;
    return this.hosts[index];
  }
}
