/**
 * What a load balancer needs to know about a host, and what a request tells it: the host's
 * endpoint weight, its active request count (least request) and its address text (the key
 * consistent hashing hashes, as Envoy's `address()->asString()`); and per request the hash from
 * the route's hash policies plus the retry host predicate (`previous_hosts`) with the number of
 * extra selections it may ask for (`hostSelectionRetryMaxAttempts`).
 */

export interface LbHost {
  /** Endpoint `loadBalancingWeight` (at least 1). */
  readonly weight: number;
  /** Requests in flight to this host. */
  readonly rqActive: number;
  /** `ip:port` (`[ip]:port` for IPv6): the consistent hashing key. */
  readonly addressText: string;
}

export interface LbContext<H> {
  /** The request hash from the route's hash policies; absent → a random hash. */
  readonly hashKey?: bigint;
  /** How many more times a host may be re-selected when `shouldSelectAnotherHost` rejects one. */
  readonly hostSelectionRetryCount?: number;
  /** The retry host predicate: true to ask for another host. */
  shouldSelectAnotherHost?(host: H): boolean;
}

/** A load balancer over one cluster's current priority set. */
export interface ClusterLoadBalancer<H> {
  chooseHost(ctx: LbContext<H> | undefined): H | undefined;
}

/** Picks within one list of hosts (one priority, or one locality of a priority). */
export interface HostPicker<H> {
  pick(): H | undefined;
}

/** True when every host has the same weight (Envoy then skips the weighted scheduler). */
export function weightsAreEqual(hosts: readonly LbHost[]): boolean {
  for (let i = 1; i < hosts.length; i++) if (hosts[i].weight !== hosts[0].weight) return false;
  return true;
}
