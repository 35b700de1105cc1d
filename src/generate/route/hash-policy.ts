/**
 * DestinationRule consistent hashing → route hash policies (Istio's ConsistentHashToHashPolicy and
 * HashForHTTPDestination): header, cookie (name, path, ttl), source IP or query parameter, from the
 * subset's port-level settings, the subset, the rule's port-level settings or the rule, in that order.
 */
import { parseDuration } from '../../common/duration.ts';
import { protoDuration } from '../duration.ts';
import type { HashPolicy } from '../../envoy/types.ts';
import type { ConsistentHashLB, Destination, DestinationRule, PortTrafficPolicy } from '../../model/api-types.ts';

export function hashPolicyFor(ch: ConsistentHashLB | undefined): HashPolicy | undefined {
  if (!ch) return undefined;
  if (ch.httpHeaderName) return { header: { headerName: ch.httpHeaderName } };
  if (ch.httpCookie) {
    const cookie: NonNullable<HashPolicy['cookie']> = { name: ch.httpCookie.name ?? '' };
    const ttl = ch.httpCookie.ttl ? parseDuration(ch.httpCookie.ttl) : undefined;
    if (ttl !== undefined) cookie.ttl = protoDuration(ttl);
    if (ch.httpCookie.path) cookie.path = ch.httpCookie.path;
    return { cookie };
  }
  if (ch.useSourceIp) return { connectionProperties: { sourceIp: true } };
  if (ch.httpQueryParameterName) return { queryParameter: { name: ch.httpQueryParameterName } };
  return undefined;
}

function portLevelHash(dst: Destination, pls: PortTrafficPolicy[] | undefined): ConsistentHashLB | undefined {
  if (!dst.port?.number) return undefined;
  return pls?.find((p) => p.port?.number === dst.port?.number)?.loadBalancer?.consistentHash;
}

/** The consistent hash that applies to a destination under a DestinationRule. */
export function consistentHashFor(rule: DestinationRule | undefined, dst: Destination): ConsistentHashLB | undefined {
  if (!rule) return undefined;
  const subset = dst.subset ? rule.subsets?.find((s) => s.name === dst.subset) : undefined;
  return (
    portLevelHash(dst, subset?.trafficPolicy?.portLevelSettings) ??
    subset?.trafficPolicy?.loadBalancer?.consistentHash ??
    portLevelHash(dst, rule.trafficPolicy?.portLevelSettings) ??
    rule.trafficPolicy?.loadBalancer?.consistentHash
  );
}

/** The consistent hash for a service port without a VirtualService (Istio's hashForService). */
export function consistentHashForPort(rule: DestinationRule | undefined, port: number): ConsistentHashLB | undefined {
  if (!rule) return undefined;
  const pls = rule.trafficPolicy?.portLevelSettings?.find((p) => p.port?.number === port)?.loadBalancer?.consistentHash;
  return pls ?? rule.trafficPolicy?.loadBalancer?.consistentHash;
}
