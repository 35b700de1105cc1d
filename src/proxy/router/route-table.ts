/**
 * One Envoy `RouteConfiguration` compiled for lookup: virtual hosts indexed by exact domain,
 * suffix wildcards (`*.foo.com`, longest first), prefix wildcards (`foo.*`, longest first) and
 * the single `*` default — Envoy's order. The authority is lower-cased; its port is stripped
 * before matching only with `ignorePortInHostMatching`.
 */
import type { RouteConfiguration } from '../../envoy/types.ts';
import { ConfigError } from '../config/config-error.ts';
import { compileMutations, type HeaderMutations } from './header-mutation.ts';
import type { ScopeOwner } from './route-scope.ts';
import { VirtualHostEntry } from './virtual-host.ts';

interface Wildcard {
  part: string;
  vhost: VirtualHostEntry;
}

function stripPort(host: string): string {
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end > 0 ? host.slice(0, end + 1) : host;
  }
  const colon = host.lastIndexOf(':');
  return colon > 0 && host.indexOf(':') === colon ? host.slice(0, colon) : host;
}

export class RouteTable implements ScopeOwner {
  readonly name: string;
  readonly virtualHosts: VirtualHostEntry[];
  readonly requestMutations: HeaderMutations;
  readonly responseMutations: HeaderMutations;
  readonly maxDirectResponseBodyBytes: number;
  readonly referencedClusters = new Set<string>();
  readonly validateClusters: boolean;
  private readonly exact = new Map<string, VirtualHostEntry>();
  private readonly suffixes: Wildcard[] = [];
  private readonly prefixes: Wildcard[] = [];
  private readonly fallback: VirtualHostEntry | undefined;
  private readonly ignorePort: boolean;
  /** The last authority looked up and what it found. */
  private lastAuthority: string | undefined;
  private lastVhost: VirtualHostEntry | undefined;

  constructor(rc: RouteConfiguration, private readonly warnFn: (m: string) => void = () => {}) {
    if (!rc || typeof rc.name !== 'string') throw new ConfigError('route configuration has no name');
    this.name = rc.name;
    this.requestMutations = compileMutations(rc.requestHeadersToAdd, rc.requestHeadersToRemove);
    this.responseMutations = compileMutations(rc.responseHeadersToAdd, rc.responseHeadersToRemove);
    this.maxDirectResponseBodyBytes = rc.maxDirectResponseBodySizeBytes ?? 4096;
    this.validateClusters = rc.validateClusters === true;
    this.ignorePort = rc.ignorePortInHostMatching === true;
    const seenNames = new Set<string>();
    this.virtualHosts = (rc.virtualHosts ?? []).map((v) => {
      if (seenNames.has(v?.name)) throw new ConfigError(`duplicate virtual host name "${v.name}"`);
      seenNames.add(v?.name);
      return new VirtualHostEntry(v, this, `route "${rc.name}"`);
    });
    let fallback: VirtualHostEntry | undefined;
    const seen = new Map<string, string>();
    for (const vh of this.virtualHosts) {
      for (const d of vh.domains) {
        const prev = seen.get(d);
        if (prev !== undefined) throw new ConfigError(`only unique values for domains are permitted: "${d}" is in virtual hosts "${prev}" and "${vh.name}"`);
        seen.set(d, vh.name);
        if (d === '*') fallback = vh;
        else if (d.startsWith('*')) this.suffixes.push({ part: d.slice(1), vhost: vh });
        else if (d.endsWith('*')) this.prefixes.push({ part: d.slice(0, -1), vhost: vh });
        else this.exact.set(d, vh);
      }
    }
    this.fallback = fallback;
    this.suffixes.sort((a, b) => b.part.length - a.part.length);
    this.prefixes.sort((a, b) => b.part.length - a.part.length);
  }

  warn(message: string): void {
    this.warnFn(message);
  }

  findVirtualHost(authority: string): VirtualHostEntry | undefined {
    // Consecutive requests mostly name the same authority: one compare instead of a lookup.
    if (authority === this.lastAuthority) return this.lastVhost;
    const vhost = this.lookUp(authority);
    this.lastAuthority = authority;
    this.lastVhost = vhost;
    return vhost;
  }

  private lookUp(authority: string): VirtualHostEntry | undefined {
    let host = authority.toLowerCase();
    if (this.ignorePort) host = stripPort(host);
    const exact = this.exact.get(host);
    if (exact) return exact;
    for (let i = 0; i < this.suffixes.length; i++) {
      const w = this.suffixes[i];
      if (host.length > w.part.length && host.endsWith(w.part)) return w.vhost;
    }
    for (let i = 0; i < this.prefixes.length; i++) {
      const w = this.prefixes[i];
      if (host.length > w.part.length && host.startsWith(w.part)) return w.vhost;
    }
    return this.fallback;
  }
}

/** RDS: the current table of a route configuration name, swapped atomically on apply. */
export class RouteProvider {
  table: RouteTable | undefined;
  constructor(readonly name: string) {}
}

export class RouteProviders {
  private readonly byName = new Map<string, RouteProvider>();

  get(name: string): RouteProvider {
    let p = this.byName.get(name);
    if (!p) {
      p = new RouteProvider(name);
      this.byName.set(name, p);
    }
    return p;
  }

  /** Installs the tables of a new snapshot; names no longer present resolve to no table. */
  swap(tables: Map<string, RouteTable>): void {
    for (const [name, t] of tables) this.get(name).table = t;
    for (const [name, p] of this.byName) if (!tables.has(name)) p.table = undefined;
  }
}
