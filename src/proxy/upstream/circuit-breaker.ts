/**
 * Circuit breaking (Envoy's ResourceManager): per-cluster limits on connections, requests waiting
 * for a connection (pending), requests in flight, retries in flight and connection pools, from the
 * cluster's DEFAULT-priority `circuitBreakers.thresholds` (Envoy's defaults 1024/1024/1024/3 when
 * absent). Callers check `canCreate()` before opening a resource and count it with inc/dec; an
 * overflow is answered 503 `UO` with `x-envoy-overloaded: true` by the router. The gauges
 * (`circuit_breakers.default.rq_open`, `remaining_rq`, ...) are computed when stats are read.
 */
import type { CircuitBreakerThresholds } from '../../envoy/types.ts';
import { ConfigError } from '../config/config-error.ts';

export class Resource {
  count = 0;
  constructor(readonly max: number) {}

  canCreate(): boolean {
    return this.count < this.max;
  }
  inc(): void {
    this.count++;
  }
  dec(): void {
    if (this.count > 0) this.count--;
  }
  /** The breaker is open: no more can be created. */
  get open(): boolean {
    return this.count >= this.max;
  }
  get remaining(): number {
    return Math.max(0, this.max - this.count);
  }
}

const MAX_UINT32 = 4294967295;

export const DEFAULT_THRESHOLDS = { maxConnections: 1024, maxPendingRequests: 1024, maxRequests: 1024, maxRetries: 3, maxConnectionPools: MAX_UINT32 } as const;

function limit(v: number | undefined, dflt: number, what: string): number {
  if (v === undefined) return dflt;
  if (!Number.isInteger(v) || v < 0 || v > MAX_UINT32) throw new ConfigError(`circuitBreakers ${what} must be a uint32 (got ${v})`);
  return v;
}

export class ResourceManager {
  readonly connections: Resource;
  readonly pendingRequests: Resource;
  readonly requests: Resource;
  readonly retries: Resource;
  readonly connectionPools: Resource;
  readonly trackRemaining: boolean;

  constructor(thresholds: readonly CircuitBreakerThresholds[] | undefined) {
    const t = (thresholds ?? []).find((x) => (x.priority ?? 'DEFAULT') === 'DEFAULT') ?? {};
    this.connections = new Resource(limit(t.maxConnections, DEFAULT_THRESHOLDS.maxConnections, 'maxConnections'));
    this.pendingRequests = new Resource(limit(t.maxPendingRequests, DEFAULT_THRESHOLDS.maxPendingRequests, 'maxPendingRequests'));
    this.requests = new Resource(limit(t.maxRequests, DEFAULT_THRESHOLDS.maxRequests, 'maxRequests'));
    this.retries = new Resource(limit(t.maxRetries, DEFAULT_THRESHOLDS.maxRetries, 'maxRetries'));
    this.connectionPools = new Resource(limit(t.maxConnectionPools, DEFAULT_THRESHOLDS.maxConnectionPools, 'maxConnectionPools'));
    this.trackRemaining = t.trackRemaining === true;
  }

  /** Envoy's circuit breaker gauges (`circuit_breakers.default.*`), as [name, value] pairs. */
  gauges(): [string, number][] {
    const p = 'circuit_breakers.default.';
    const out: [string, number][] = [
      [`${p}cx_open`, this.connections.open ? 1 : 0],
      [`${p}cx_pool_open`, this.connectionPools.open ? 1 : 0],
      [`${p}rq_open`, this.requests.open ? 1 : 0],
      [`${p}rq_pending_open`, this.pendingRequests.open ? 1 : 0],
      [`${p}rq_retry_open`, this.retries.open ? 1 : 0],
    ];
    if (this.trackRemaining) {
      out.push(
        [`${p}remaining_cx`, this.connections.remaining],
        [`${p}remaining_cx_pools`, this.connectionPools.remaining],
        [`${p}remaining_pending`, this.pendingRequests.remaining],
        [`${p}remaining_retries`, this.retries.remaining],
        [`${p}remaining_rq`, this.requests.remaining],
      );
    }
    return out;
  }
}
