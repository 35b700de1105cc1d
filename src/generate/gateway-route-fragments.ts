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
 *
 * The usual fragment is one VirtualService serving every host of its server: its virtual host's
 * name and domains depend on the server alone (server-hosts.ts), so they are built once per server.
 */
import type { Route, VirtualHost } from '../envoy/types.ts';
import type { MergedServer } from '../model/merged-gateway.ts';
import type { VirtualServiceEntry } from '../model/virtual-service-index.ts';
import { hasNamespace, hostIntersection, hostsForNamespace, lowerCaseHost } from '../registry/host.ts';
import { domainName } from './names.ts';
import type { BoundRouteMemo } from './route/route-memo.ts';
import { sortVirtualHostRoutes } from './route/route-match.ts';
import { byHost, serverHosts, servesEveryHost, sortInPlace, type ServerHosts } from './server-hosts.ts';

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
  /** The hosts it serves, lower-cased and distinct. */
  readonly hosts: readonly string[];
  /** Its host entries; absent when one route list serves every host (alone[0]), made on demand then (entriesOf). */
  readonly entries?: readonly HostEntry[];
  readonly port: number;
  /** Its virtual hosts if no other server shares a host or a route list; absent when a host has several route lists. */
  readonly alone?: readonly VirtualHost[];
}

/** The host entries of a fragment. */
function entriesOf(f: ServerFragment): readonly HostEntry[] {
  if (f.entries) return f.entries;
  const parts = [f.alone![0].routes!];
  return f.hosts.map((host): HostEntry => ({ host, port: f.port, parts, requireTls: false }));
}

/** A fragment serving nothing. */
const nothing = (bound: readonly VirtualServiceEntry[], port: number): ServerFragment => ({ bound, hosts: [], entries: [], port, alone: [] });

/** A server's hosts: those its Gateway's VirtualServices serve, and (httpsRedirect) all of them. */
export function serverFragment(ms: MergedServer, bound: readonly VirtualServiceEntry[], memo: BoundRouteMemo): ServerFragment {
  const s = ms.server;
  const https = s.tls?.httpsRedirect === true;
  const port = s.port.number ?? 0;
  const qualified = ms.namespacedHosts ?? s.hosts.some(hasNamespace);
  if (bound.length === 1 && !https) {
    // The usual server: one bound VirtualService.
    const vs = bound[0];
    const sh = serverHosts(ms);
    const vsHosts = vs.spec.hosts ?? NO_HOSTS;
    // Hosts written alike on both sides (and no wildcard or repeat to resolve) intersect to themselves.
    const same = !qualified && sh.plain && sameList(s.hosts, vsHosts);
    const matched = same ? s.hosts : hostIntersection(qualified ? hostsForNamespace(s.hosts, vs.namespace) : s.hosts, vsHosts);
    const routes = matched.length === 0 ? NO_ROUTES : memo.routes(vs, port, !!s.tls, ms.gatewayName);
    if (routes.length === 0) return nothing(bound, port);
    return (same ? everyHost(sh, bound, routes, port) : undefined) ?? singleList(ms, bound, routes, matched, port);
  }
  const served: Served[] = [];
  for (const vs of bound) {
    const matched = hostIntersection(qualified ? hostsForNamespace(s.hosts, vs.namespace) : s.hosts, vs.spec.hosts ?? NO_HOSTS);
    if (matched.length === 0) continue;
    const routes = memo.routes(vs, port, !!s.tls, ms.gatewayName);
    if (routes.length > 0) served.push({ routes, hosts: matched });
  }
  if (served.length === 0 && !https) return nothing(bound, port);
  if (served.length === 1 && !https) return singleList(ms, bound, served[0].routes, served[0].hosts, port);
  return generic(ms, bound, served, https, port);
}

const NO_HOSTS: readonly string[] = [];
const NO_ROUTES: Route[] = [];

/** Route lists and the hosts they serve, one per bound VirtualService serving any. */
interface Served {
  readonly routes: Route[];
  readonly hosts: readonly string[];
}

/** Any mix of VirtualServices and an HTTPS redirect: host entries by lower-cased host, collapsed. */
function generic(ms: MergedServer, bound: readonly VirtualServiceEntry[], served: readonly Served[], https: boolean, port: number): ServerFragment {
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
    for (const raw of ms.server.hosts) {
      const host = lowerCaseHost(raw);
      if (!hosts.has(host)) hosts.set(host, { host, port, parts: [], requireTls: true });
    }
  }
  return fromEntries(bound, [...hosts.values()], port);
}

function fromEntries(bound: readonly VirtualServiceEntry[], entries: readonly HostEntry[], port: number): ServerFragment {
  return { bound, hosts: entries.map((e) => e.host), entries, port, alone: entries.some((e) => e.parts.length > 1) ? undefined : collapse(entries) };
}

/** One route list for every host of the server: its virtual host's name and domains were built with the server. */
function everyHost(sh: ServerHosts, bound: readonly VirtualServiceEntry[], routes: Route[], port: number): ServerFragment | undefined {
  const whole = sh.whole;
  if (!whole) return undefined;
  return { bound, hosts: whole.hosts, port, alone: [finish({ name: whole.name, domains: whole.domains as string[], routes }, false)] };
}

/** One route list for all the matched hosts, hence one virtual host (unless lower-casing makes hosts coincide). */
function singleList(ms: MergedServer, bound: readonly VirtualServiceEntry[], routes: Route[], matched: readonly string[], port: number): ServerFragment {
  if (servesEveryHost(ms.server.hosts, matched)) {
    const f = everyHost(serverHosts(ms), bound, routes, port);
    if (f) return f;
  }
  const parts = [routes];
  const hosts: HostEntry[] = [];
  for (const raw of matched) {
    const host = lowerCaseHost(raw);
    for (const e of hosts) if (e.host === host) return generic(ms, bound, [{ routes, hosts: matched }], false, port);
    hosts.push({ host, port, parts, requireTls: false });
  }
  const sorted = hosts.length > 1 ? sortInPlace(hosts, byHost) : hosts;
  return { bound, hosts: sorted.map((e) => e.host), entries: sorted, port, alone: [virtualHost(sorted)] };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The virtual hosts of a route configuration made of `fragments` (in server order), sorted by name. */
export function assembleVirtualHosts(fragments: readonly ServerFragment[]): VirtualHost[] {
  if (fragments.length === 1 && fragments[0].alone) return sortByName(fragments[0].alone.slice());
  if (!separate(fragments)) return sortByName(collapse(mergeHosts(fragments)));
  const out: VirtualHost[] = [];
  for (const f of fragments) for (const vh of f.alone!) out.push(vh);
  return sortByName(out);
}

function sortByName(vhs: VirtualHost[]): VirtualHost[] {
  return vhs.length < 2 ? vhs : sortInPlace(vhs, byName);
}

const byName = (a: VirtualHost, b: VirtualHost): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * True when every fragment can stand alone: no host in two of them, and no virtual host of one
 * with the same route list (by identity) and TLS requirement as a virtual host of another — the
 * virtual hosts collapse would merge. Within a fragment, they are distinct by construction.
 */
function separate(fragments: readonly ServerFragment[]): boolean {
  const hosts = new Set<string>();
  const plain = new Set<readonly Route[]>();
  const tls = new Set<readonly Route[]>();
  for (const f of fragments) {
    if (!f.alone) return false;
    for (const h of f.hosts) {
      const n = hosts.size;
      if (hosts.add(h).size === n) return false;
    }
    for (const vh of f.alone) {
      const lists = vh.requireTls ? tls : plain;
      const n = lists.size;
      if (lists.add(vh.routes!).size === n) return false;
    }
  }
  return true;
}

/** Hosts of all fragments; a host several servers serve gets their route lists in server order. */
function mergeHosts(fragments: readonly ServerFragment[]): HostEntry[] {
  const hosts = new Map<string, HostEntry>();
  for (const f of fragments) {
    for (const e of entriesOf(f)) {
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
  for (const members of groups.values()) out.push(virtualHost(members.length > 1 ? sortInPlace(members, byHost) : members));
  return out;
}

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
  const routes = first.parts.length === 1 ? first.parts[0] : sortVirtualHostRoutes(first.parts.flat());
  return finish({ name: domainName(first.host, first.port), domains, routes }, first.requireTls);
}

/** A gateway virtual host's remaining fields, in the order Envoy's proto3 JSON prints them; Istio counts attempts on every one. */
function finish(vh: VirtualHost, requireTls: boolean): VirtualHost {
  if (requireTls) vh.requireTls = 'ALL';
  vh.includeRequestAttemptCount = true;
  return vh;
}

/** Appends `host` and `host:port`, or just `*` for the wildcard host. */
export function pushGatewayDomains(out: string[], host: string, port: number): string[] {
  if (host === '*') out.push('*');
  else out.push(host, domainName(host, port));
  return out;
}
