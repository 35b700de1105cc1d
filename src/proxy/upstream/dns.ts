/**
 * Name resolution for STRICT_DNS and LOGICAL_DNS clusters through the system resolver
 * (`dns.lookup`, as getaddrinfo would), honouring the cluster's `dnsLookupFamily`.
 */
import { lookup } from 'node:dns/promises';
import net from 'node:net';

export type DnsFamily = 'AUTO' | 'V4_ONLY' | 'V6_ONLY' | 'V4_PREFERRED' | 'ALL';

export async function resolveAddresses(hostname: string, family: DnsFamily): Promise<string[]> {
  if (net.isIP(hostname) !== 0) return [hostname];
  const fam = family === 'V4_ONLY' ? 4 : family === 'V6_ONLY' ? 6 : 0;
  const results = await lookup(hostname, { all: true, family: fam });
  let addrs = results.map((r) => r.address);
  if (family === 'V4_PREFERRED' || family === 'AUTO') {
    const v4 = results.filter((r) => r.family === 4).map((r) => r.address);
    const v6 = results.filter((r) => r.family === 6).map((r) => r.address);
    addrs = family === 'V4_PREFERRED' ? (v4.length > 0 ? v4 : v6) : v6.length > 0 && v4.length === 0 ? v6 : v4.length > 0 ? v4 : v6;
  }
  return [...new Set(addrs)];
}
