/** Test helpers for the load balancer unit tests: plain hosts, placements and pick counting. */
import type { HostPlacement } from './host-set.ts';
import type { LbHost } from './lb-host.ts';

export interface TestHost extends LbHost {
  weight: number;
  rqActive: number;
  readonly addressText: string;
  healthy: boolean;
}

export function hosts(n: number, opts: { base?: number; weights?: number[] } = {}): TestHost[] {
  return Array.from({ length: n }, (_, i) => ({ addressText: `10.0.0.${(opts.base ?? 1) + i}:8080`, weight: opts.weights?.[i] ?? 1, rqActive: 0, healthy: true }));
}

export function place(list: TestHost[], priority = 0, locality = '', localityWeight = 0): HostPlacement<TestHost>[] {
  return list.map((host) => ({ host, priority, locality, localityWeight }));
}

export const isHealthy = (h: TestHost): boolean => h.healthy;

/** Counts picks per address over `n` calls. */
export function tally<H extends LbHost>(n: number, pick: () => H | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const h = pick();
    const k = h ? h.addressText : 'none';
    out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}
