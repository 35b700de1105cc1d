/**
 * Gateway route configurations built one server at a time (Istio's buildGatewayHTTPRouteConfig):
 * a server's fragment is the hosts its Gateway's VirtualServices serve there (host intersection,
 * the VirtualServices' routes, httpsRedirect as requireTls), and a route configuration's virtual
 * hosts are its servers' fragments merged and collapsed (Istio's collapseDuplicateRoutes: hosts
 * served by the very same route lists share one virtual host named after the first host).
 *
 * Fragments are cached per server (route-cache.ts), so a route configuration that merges a
 * thousand Gateways is reassembled, not rebuilt, when one of them changes. Each fragment also holds
 * its virtual hosts as if it were alone; when no host and no route list is shared between
 * fragments — the usual case — those are the route configuration's virtual hosts, unchanged.
 */
import type { Route, VirtualHost } from '../envoy/types.ts';
import type { MergedServer } from '../model/merged-gateway.ts';
import type { VirtualServiceEntry } from '../model/virtual-service-index.ts';
import { hasNamespace, hostIntersection, hostsForNamespace, lowerCaseHost } from '../registry/host.ts';
import { domainName } from './names.ts';
import type { BoundRouteMemo } from './route/route-memo.ts';
import { sortVirtualHostRoutes } from './route/route-match.ts';

/** One host of a route configuration; read-only once built (merging copies). */
export interface HostEntry {
  readonly host: string;
  /** Port of the first server that serves the host (virtual host `host:port`). */
  readonly port: number;
  /** Route lists of every VirtualService serving the host, in server then VirtualService order. */
  readonly parts: readonly Route[][];
  readonly requireTls: boolean;
}

export interface ServerFragment {
  /** The VirtualServices it was built from (its cache key, with the server). */
  readonly bound: readonly VirtualServiceEntry[];
  readonly hosts: readonly HostEntry[];
  /** Its virtual hosts if no other server shares a host or a route list; absent when a host has several route lists. */
  readonly alone?: readonly VirtualHost[];
}

/** A server's hosts: those its Gateway's VirtualServices serve, and (httpsRedirect) all of them. */
export function serverFragment(ms: MergedServer, bound: readonly VirtualServiceEntry[], memo: BoundRouteMemo): ServerFragment {
  const s = ms.server;
  const port = s.port.number ?? 0;
  const https = s.tls?.httpsRedirect === true;
  const qualified = ms.namespacedHosts ?? s.hosts.some(hasNamespace);
  const served: { routes: Route[]; hosts: string[] }[] = [];
  for (const vs of bound) {
    const matched = hostIntersection(qualified ? hostsForNamespace(s.hosts, vs.namespace) : s.hosts, vs.spec.hosts ?? []);
    if (matched.length === 0) continue;
    const routes = memo.routes(vs, port, !!s.tls, ms.gatewayName);
    if (routes.length > 0) served.push({ routes, hosts: matched });
  }
  if (served.length === 0 && !https) return { bound, hosts: [], alone: [] };
  if (served.length === 1 && !https) {
    const one = singleList(bound, served[0].routes, served[0].hosts, port);
    if (one) return one;
  }
  const hosts = new Map<string, { host: string; port: number; parts: Route[][]; requireTls: boolean }>();
  for (const { routes, hosts: matched } of served) {
    for (const raw of matched) {
      const host = lowerCaseHost(raw);
      const e = hosts.get(host);
      if (e) e.parts.push(routes);
      else hosts.set(host, { host, port, parts: [routes], requireTls: https });
    }
  }
  if (https) {
    for (const raw of s.hosts) {
      const host = lowerCaseHost(raw);
      if (!hosts.has(host)) hosts.set(host, { host, port, parts: [], requireTls: true });
    }
  }
  const entries = [...hosts.values()];
  return { bound, hosts: entries, alone: entries.some((e) => e.parts.length > 1) ? undefined : collapse(entries) };
}

/** The usual fragment: one route list for all its hosts, hence one virtual host; undefined when lower-casing makes hosts coincide. */
function singleList(bound: readonly VirtualServiceEntry[], routes: Route[], matched: readonly string[], port: number): ServerFragment | undefined {
  const parts = [routes];
  const hosts: HostEntry[] = [];
  for (const raw of matched) {
    const host = lowerCaseHost(raw);
    for (const e of hosts) if (e.host === host) return undefined;
    hosts.push({ host, port, parts, requireTls: false });
  }
  return { bound, hosts, alone: [virtualHost(hosts.length > 1 ? [...hosts].sort(byHost) : hosts)] };
}

/** The virtual hosts of a route configuration made of `fragments` (in server order), sorted by name. */
export function assembleVirtualHosts(fragments: readonly ServerFragment[]): VirtualHost[] {
  const out = separate(fragments) ? fragments.flatMap((f) => f.alone!) : collapse(mergeHosts(fragments));
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * True when every fragment can stand alone: no host in two of them, and no virtual host of one
 * with the same route list (by identity) and TLS requirement as a virtual host of another — the
 * virtual hosts collapse would merge. Within a fragment, they are distinct by construction.
 */
function separate(fragments: readonly ServerFragment[]): boolean {
  const hosts = new Set<string>();
  const lists = new Map<readonly Route[], number>();
  for (const f of fragments) {
    if (!f.alone) return false;
    for (const e of f.hosts) {
      if (hosts.has(e.host)) return false;
      hosts.add(e.host);
    }
    for (const vh of f.alone) {
      const bit = vh.requireTls ? 2 : 1;
      const seen = lists.get(vh.routes!) ?? 0;
      if (seen & bit) return false;
      lists.set(vh.routes!, seen | bit);
    }
  }
  return true;
}

/** Hosts of all fragments; a host several servers serve gets their route lists in server order. */
function mergeHosts(fragments: readonly ServerFragment[]): HostEntry[] {
  const hosts = new Map<string, HostEntry>();
  for (const f of fragments) {
    for (const e of f.hosts) {
      const prev = hosts.get(e.host);
      hosts.set(e.host, prev ? { host: e.host, port: prev.port, parts: [...prev.parts, ...e.parts], requireTls: prev.requireTls || e.requireTls } : e);
    }
  }
  return [...hosts.values()];
}

/** Istio's collapseDuplicateRoutes over `entries` (unique hosts); virtual hosts in no particular order. */
function collapse(entries: readonly HostEntry[]): VirtualHost[] {
  const ids = new Map<readonly Route[], number>();
  const groups = new Map<string | number, HostEntry[]>();
  const out: VirtualHost[] = [];
  for (const e of entries) {
    const sig = signature(e, ids);
    if (sig === undefined) {
      out.push(virtualHost([e]));
      continue;
    }
    const members = groups.get(sig);
    if (members) members.push(e);
    else groups.set(sig, [e]);
  }
  for (const members of groups.values()) out.push(virtualHost(members.length > 1 ? members.sort(byHost) : members));
  return out;
}

const byHost = (a: HostEntry, b: HostEntry): number => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0);

/** Same signature = same route lists (by identity) and the same TLS requirement; none without routes. */
function signature(e: HostEntry, ids: Map<readonly Route[], number>): string | number | undefined {
  if (e.parts.length === 0) return undefined;
  if (e.parts.length === 1) return idOf(e.parts[0], ids) * 2 + (e.requireTls ? 1 : 0);
  return `${e.requireTls}|${e.parts.map((p) => idOf(p, ids)).join(',')}`;
}

function idOf(p: readonly Route[], ids: Map<readonly Route[], number>): number {
  let id = ids.get(p);
  if (id === undefined) ids.set(p, (id = ids.size));
  return id;
}

/** The virtual host of `members` (sorted by host), named after the first. */
function virtualHost(members: readonly HostEntry[]): VirtualHost {
  const first = members[0];
  const domains: string[] = [];
  for (const m of members) pushGatewayDomains(domains, m.host, m.port);
  const vh: VirtualHost = { name: domainName(first.host, first.port), domains, routes: first.parts.length === 1 ? first.parts[0] : sortVirtualHostRoutes(first.parts.flat()) };
  if (first.requireTls) vh.requireTls = 'ALL';
  return vh;
}

/** Appends `host` and `host:port`, or just `*` for the wildcard host. */
export function pushGatewayDomains(out: string[], host: string, port: number): string[] {
  if (host === '*') out.push('*');
  else out.push(host, domainName(host, port));
  return out;
}
