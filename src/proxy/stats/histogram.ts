/**
 * A fixed-bucket cumulative histogram in the Prometheus shape (`_bucket{le}`, `_sum`, `_count`),
 * with Envoy's default bucket bounds. Recording is a short linear scan and two additions.
 */

export const ENVOY_DEFAULT_BUCKETS: readonly number[] = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000];

export class Histogram {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(readonly bounds: readonly number[] = ENVOY_DEFAULT_BUCKETS) {
    this.counts = new Float64Array(bounds.length);
  }

  record(v: number): void {
    this.sum += v;
    this.count++;
    const b = this.bounds;
    for (let i = 0; i < b.length; i++) {
      if (v <= b[i]) {
        this.counts[i]++;
        return;
      }
    }
  }

  /** Prometheus text lines for this histogram under `name` with `labels` (no braces). */
  render(name: string, labels: string, out: string[]): void {
    let cumulative = 0;
    const sep = labels ? ',' : '';
    for (let i = 0; i < this.bounds.length; i++) {
      cumulative += this.counts[i];
      out.push(`${name}_bucket{${labels}${sep}le="${this.bounds[i]}"} ${cumulative}`);
    }
    out.push(`${name}_bucket{${labels}${sep}le="+Inf"} ${this.count}`);
    out.push(`${name}_sum{${labels}} ${this.sum}`);
    out.push(`${name}_count{${labels}} ${this.count}`);
  }
}

/** Escapes a Prometheus label value. */
export function labelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
