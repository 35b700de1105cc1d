/**
 * The routing work every peer is configured to do, described once: virtual hosts with path-prefix
 * routes to two upstreams (`a` and `b`, two ports of the same origin), or, for the footprint
 * scenario, one route and one upstream cluster per host. Each peer's configuration generator
 * (nginx, HAProxy, Caddy, Envoy resources, the Node proxies) renders the same table, and the load
 * generator targets the last route of the last host, so that a peer that scans routes in order pays
 * for the whole table.
 */

export const HOST_SUFFIX = 'bench.local';
/** Path-prefix routes per virtual host. */
export const PATHS_PER_HOST = 5;

export interface RouteEntry {
  /** Path prefix, always ending with '/'. */
  prefix: string;
  /** Index into RouteTable.upstreams. */
  upstream: number;
}

export interface VirtualHostEntry {
  host: string;
  routes: RouteEntry[];
}

export interface Upstream {
  /** Name used as the cluster / backend / upstream block name (letters, digits, '_'). */
  name: string;
  port: number;
}

export interface RouteTable {
  hosts: VirtualHostEntry[];
  upstreams: Upstream[];
  /** What the load generator requests: Host header and path (undefined when there are no routes). */
  target?: { host: string; path: string };
}

/** `count` host/path routes over ceil(count / PATHS_PER_HOST) hosts, alternating upstreams a and b. */
export function routeTable(count: number, originPorts: [number, number]): RouteTable {
  const upstreams: Upstream[] = [
    { name: 'origin_a', port: originPorts[0] },
    { name: 'origin_b', port: originPorts[1] },
  ];
  const hosts: VirtualHostEntry[] = [];
  for (let i = 0; i < count; i++) {
    const h = Math.floor(i / PATHS_PER_HOST);
    if (!hosts[h]) hosts[h] = { host: `svc-${h}.${HOST_SUFFIX}`, routes: [] };
    hosts[h].routes.push({ prefix: `/api-${i % PATHS_PER_HOST}/`, upstream: i % 2 });
  }
  return { hosts, upstreams, target: targetOf(hosts) };
}

/** One host, one route and one upstream cluster per index: the idle-footprint configuration. */
export function clusterTable(clusters: number, originPort: number): RouteTable {
  const upstreams: Upstream[] = [];
  const hosts: VirtualHostEntry[] = [];
  for (let i = 0; i < clusters; i++) {
    upstreams.push({ name: `cluster_${i}`, port: originPort });
    hosts.push({ host: `c${i}.${HOST_SUFFIX}`, routes: [{ prefix: '/', upstream: i }] });
  }
  return { hosts, upstreams, target: targetOf(hosts) };
}

function targetOf(hosts: VirtualHostEntry[]): RouteTable['target'] {
  const last = hosts[hosts.length - 1];
  if (!last) return undefined;
  const route = last.routes[last.routes.length - 1];
  return { host: last.host, path: `${route.prefix}item` };
}

/** Host → routes, the lookup structure the Node peers use (exact host, then first prefix match). */
export function hostIndex(table: RouteTable): Map<string, RouteEntry[]> {
  return new Map(table.hosts.map((h) => [h.host, h.routes]));
}
