/**
 * Envoy's priority levels and panic mode (LoadBalancerBase): each priority's health is its share
 * of healthy hosts times the overprovisioning factor (1.4 by default), capped at 100%; load goes
 * to the best priority first and spills over to the next as health drops. A priority whose
 * healthy share falls below `healthyPanicThreshold` (50% by default, 0 disables panic) is in panic:
 * it balances across all its hosts, healthy or not. When no priority has any health, all are in
 * panic and load follows host counts.
 */

export interface PriorityCounts {
  /** Hosts in the priority. */
  readonly total: number;
  /** Healthy hosts (EDS healthy and not ejected). */
  readonly healthy: number;
}

export interface PriorityLoad {
  /** Percentage of requests each priority receives (sums to 100 when any host exists). */
  readonly load: number[];
  /** Whether each priority is in panic (balances over all its hosts). */
  readonly panic: boolean[];
}

/** Per-priority health in percent: min(100, overprovisioning × healthy / total). */
export function priorityHealth(c: PriorityCounts, overprovisioningPercent: number): number {
  if (c.total === 0) return 0;
  return Math.min(100, Math.floor((overprovisioningPercent * c.healthy) / c.total));
}

function inPanic(c: PriorityCounts, panicThreshold: number): boolean {
  const healthyPercent = c.total === 0 ? 0 : (100 * c.healthy) / c.total;
  return healthyPercent < panicThreshold;
}

/** Load per priority and panic flags, as Envoy recalculates them on every host set change. */
export function computePriorityLoad(counts: readonly PriorityCounts[], panicThreshold: number, overprovisioningPercent = 140): PriorityLoad {
  const n = counts.length;
  const load = new Array<number>(n).fill(0);
  const panic = new Array<boolean>(n).fill(false);
  if (n === 0) return { load, panic };
  const health = counts.map((c) => priorityHealth(c, overprovisioningPercent));
  const totalAvailability = Math.min(100, health.reduce((s, h) => s + h, 0));
  if (totalAvailability > 0) {
    let remaining = 100;
    for (let i = 0; i < n; i++) {
      load[i] = Math.min(remaining, Math.floor((health[i] * 100) / totalAvailability));
      remaining -= load[i];
    }
    // Rounding leftovers go to the first priority with any availability.
    if (remaining > 0) load[health.findIndex((h) => h > 0)] += remaining;
  }
  const threshold = Math.min(100, panicThreshold);
  if (threshold === 0 && totalAvailability === 0) {
    load[0] = 100;
    return { load, panic };
  }
  for (let i = 0; i < n; i++) panic[i] = totalAvailability === 0 ? true : inPanic(counts[i], threshold);
  if (totalAvailability === 0) loadInTotalPanic(counts, load);
  return { load, panic };
}

/** Every priority in panic: load in proportion to host counts, the rest to the first non-empty one. */
function loadInTotalPanic(counts: readonly PriorityCounts[], load: number[]): void {
  const total = counts.reduce((s, c) => s + c.total, 0);
  if (total === 0) return;
  let remaining = 100;
  let firstNonEmpty = -1;
  for (let i = 0; i < counts.length; i++) {
    if (firstNonEmpty < 0 && counts[i].total > 0) firstNonEmpty = i;
    load[i] = Math.floor((100 * counts[i].total) / total);
    remaining -= load[i];
  }
  load[firstNonEmpty] += remaining;
}

/** The priority for a draw in [1, 100] (Envoy: `hash % 100 + 1` walked over cumulative load). */
export function choosePriority(draw: number, load: readonly number[]): number {
  let aggregate = 0;
  for (let i = 0; i < load.length; i++) {
    aggregate += load[i];
    if (draw <= aggregate) return i;
  }
  return 0;
}
