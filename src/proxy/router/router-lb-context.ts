/**
 * What the router tells the load balancer about one attempt (Envoy's LoadBalancerContext of the
 * router filter): the request hash from the route's hash policies, and on a retry the
 * `previous_hosts` predicate with `hostSelectionRetryMaxAttempts` re-selections. Allocated only
 * for hashed routes and retries; a plain first attempt passes nothing.
 */
import type { Host } from '../upstream/host.ts';
import type { LbContext } from '../upstream/lb/lb-host.ts';
import type { RetryState } from './retry/retry-state.ts';

export class RouterLbContext implements LbContext<Host> {
  constructor(
    readonly hashKey: bigint | undefined,
    private readonly retry: RetryState<Host> | undefined,
  ) {}

  get hostSelectionRetryCount(): number {
    return this.retry ? this.retry.hostSelectionMaxAttempts : 0;
  }

  shouldSelectAnotherHost(host: Host): boolean {
    return this.retry !== undefined && this.retry.shouldSelectAnotherHost(host);
  }
}
