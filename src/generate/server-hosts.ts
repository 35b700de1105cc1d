/**
 * What a gateway server's own hosts give its virtual host, worked out once per server: when one
 * VirtualService serves every host of a server (the usual binding), the virtual host is named
 * `host:port` after the first host in order and lists `host` and `host:port` for each — a function
 * of the server alone. mergeGateways hands out the same MergedServer while its Gateway resource is
 * unchanged, so this is kept with the server (weakly) like the server's route name and SNI hosts,
 * and shared, read-only, by every route configuration built from it.
 */
import { flat } from '../model/intern.ts';
import type { MergedServer } from '../model/merged-gateway.ts';
import { isWildcard, lowerCaseHost } from '../registry/host.ts';
import { domainName } from './names.ts';

/** The virtual host of all a server's hosts. */
export interface WholeServerHost {
  /** The hosts lower-cased and sorted. */
  readonly hosts: readonly string[];
  /** `host:port` of the first. */
  readonly name: string;
  /** `host` and `host:port` of each (`*` alone for the wildcard host); read-only. */
  readonly domains: readonly string[];
}

export interface ServerHosts {
  /** Undefined when two hosts are the same name once lower-cased (they need Istio's route appending). */
  readonly whole?: WholeServerHost;
  /** No wildcard and no host written twice: intersected with the same list, the hosts give themselves. */
  readonly plain: boolean;
}

const byServer = new WeakMap<MergedServer, ServerHosts>();

export function serverHosts(ms: MergedServer): ServerHosts {
  let h = byServer.get(ms);
  if (!h) byServer.set(ms, (h = { whole: wholeServerHost(ms.server.hosts, ms.server.port.number ?? 0), plain: isPlain(ms.server.hosts) }));
  return h;
}

function wholeServerHost(raw: readonly string[], port: number): WholeServerHost | undefined {
  if (raw.length === 0) return undefined;
  const hosts = raw.map(lowerCaseHost);
  if (new Set(hosts).size !== hosts.length) return undefined;
  sortInPlace(hosts, compareStrings);
  // Built once per server and compared (sorted) and serialised on every generation: flat copies.
  const domains: string[] = [];
  for (const host of hosts) {
    if (host === '*') domains.push('*');
    else domains.push(host, flat(domainName(host, port), ''));
  }
  return { hosts, name: flat(domainName(hosts[0], port), ''), domains };
}

function isPlain(hosts: readonly string[]): boolean {
  return !hosts.some(isWildcard) && new Set(hosts).size === hosts.length;
}

/** True when `matched` (a host intersection with the server's hosts) is every server host, in order. */
export function servesEveryHost(serverHosts: readonly string[], matched: readonly string[]): boolean {
  if (matched.length !== serverHosts.length) return false;
  for (let i = 0; i < matched.length; i++) if (matched[i] !== serverHosts[i]) return false;
  return true;
}

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const byHost = (a: { readonly host: string }, b: { readonly host: string }): number => compareStrings(a.host, b.host);

/**
 * Sorts `a` in place, stably, and returns it. A few elements (a server's hosts, most collapsed
 * groups) are insertion-sorted: Array.prototype.sort allocates its merge state on every call,
 * which costs more than sorting three hosts.
 */
export function sortInPlace<T>(a: T[], cmp: (x: T, y: T) => number): T[] {
  if (a.length > 8) return a.sort(cmp);
  for (let i = 1; i < a.length; i++) {
    const x = a[i];
    let j = i - 1;
    while (j >= 0 && cmp(a[j], x) > 0) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = x;
  }
  return a;
}
