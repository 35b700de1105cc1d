/** CIDR ranges of filter chain matches (`prefix_ranges`, `source_prefix_ranges`), via ipaddr.js. */
import ipaddr from 'ipaddr.js';
import type { CidrRange } from '../../envoy/types.ts';
import { ConfigError } from '../config/config-error.ts';

export interface Cidr {
  addr: ipaddr.IPv4 | ipaddr.IPv6;
  bits: number;
}

export function parseCidr(r: CidrRange): Cidr {
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    addr = ipaddr.parse(r.addressPrefix);
  } catch {
    throw new ConfigError(`invalid CIDR address "${r.addressPrefix}"`);
  }
  const max = addr.kind() === 'ipv4' ? 32 : 128;
  const bits = r.prefixLen ?? max;
  if (!Number.isInteger(bits) || bits < 0 || bits > max) throw new ConfigError(`invalid prefixLen ${r.prefixLen} for ${r.addressPrefix}`);
  return { addr, bits };
}

/** The prefix length matched (specificity), or -1 when `ip` is outside the range. */
export function cidrMatch(c: Cidr, ip: string): number {
  try {
    let a = ipaddr.parse(ip);
    if (a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress()) a = (a as ipaddr.IPv6).toIPv4Address();
    if (a.kind() !== c.addr.kind()) return -1;
    return (a as ipaddr.IPv4).match(c.addr as ipaddr.IPv4, c.bits) ? c.bits : -1;
  } catch {
    return -1;
  }
}
