/**
 * The Gateways selecting one workload merged into one set of listener ports (Istio's
 * mergeGateways): servers grouped by port, protocol and bind; plain-text HTTP servers on a port
 * share route configuration `http.PORT`; HTTPS servers that terminate TLS each get
 * `https.PORT.PORTNAME.GATEWAY.NAMESPACE`; conflicts (duplicate TLS hosts on a port, a protocol that
 * cannot share the port, a non-unique HTTPS port name) reject the later server, recorded in `rejected`.
 */
import type { Resource } from '../api/resource.ts';
import { hasNamespace } from '../registry/host.ts';
import { isHttp, parseProtocol, type Protocol } from '../registry/protocol.ts';
import type { Gateway, Server } from './api-types.ts';
import { flat, intern } from './intern.ts';
import { sameValue } from './same-value.ts';

export interface MergedServer {
  /** The server with `./host` and `*\/host` rewritten as Istio sanitises them. */
  readonly server: Server;
  /** `namespace/name` of its Gateway. */
  readonly gatewayName: string;
  readonly gateway: Resource<Gateway>;
  /** Index of the server in its Gateway's `servers`. */
  readonly index: number;
  /** RDS route name for servers served by an HTTP connection manager; '' otherwise. */
  readonly routeName: string;
  /** SNI hosts of a TLS server (namespace prefixes stripped, sorted). */
  readonly sniHosts?: readonly string[];
  /** Whether a host is namespace-qualified (`ns/host`), so each VirtualService sees its namespace's hosts; computed when absent. */
  readonly namespacedHosts?: boolean;
}

export interface ServerPortGroup {
  readonly port: number;
  readonly protocol: string;
  readonly bind: string;
  readonly servers: MergedServer[];
  /** Route name of plain-text HTTP servers on this port. */
  routeName: string;
}

export interface RejectedServer {
  readonly gatewayName: string;
  readonly gateway: Resource<Gateway>;
  readonly index: number;
  readonly port: number;
  readonly reason: string;
}

export interface MergedGateway {
  readonly ports: readonly ServerPortGroup[];
  readonly serversByRouteName: ReadonlyMap<string, readonly MergedServer[]>;
  readonly gatewayNames: ReadonlySet<string>;
  readonly rejected: readonly RejectedServer[];
}

/** A port's plain-text group, its parsed protocol and (HTTP) the servers of its route name. */
interface PlainText {
  readonly group: ServerPortGroup;
  readonly protocol: Protocol;
  readonly routes?: MergedServer[];
}

/** For port translation: the Service ports exposing the gateway workload (port → targetPort). */
export type GatewayPortMap = ReadonlyMap<number, number>;

export function isTlsServer(s: Server, p: Protocol = parseProtocol(s.port?.protocol)): boolean {
  return !!s.tls && !isHttp(p);
}

export function isPassthroughServer(s: Server): boolean {
  return s.tls?.mode === 'PASSTHROUGH' || s.tls?.mode === 'AUTO_PASSTHROUGH';
}

/** HTTP server, or HTTPS server that terminates TLS: served by an HTTP connection manager. */
export function isHttpServer(s: Server, p: Protocol = parseProtocol(s.port?.protocol)): boolean {
  return isHttp(p) || (p === 'HTTPS' && !isPassthroughServer(s));
}

export function isHttpsServerWithTlsTermination(s: Server): boolean {
  return !!s.tls && parseProtocol(s.port?.protocol) === 'HTTPS' && !isPassthroughServer(s);
}

export function gatewayRouteName(s: Server, port: number, gw: Resource, p: Protocol = parseProtocol(s.port?.protocol)): string {
  const bind = s.bind ? `.${s.bind}` : '';
  if (isHttp(p)) return flat('http.', String(port), bind);
  if (p === 'HTTPS' && !isPassthroughServer(s)) return flat('https.', String(s.port.number), '.', s.port.name ?? '', '.', gw.metadata.name, '.', gw.metadata.namespace, bind);
  return '';
}

export function sanitizeServerHosts(s: Server, namespace: string): Server {
  if (!s.hosts?.some(hasNamespace)) return s;
  const hosts: string[] = [];
  for (const h of s.hosts) {
    const i = h.indexOf('/');
    if (i < 0) hosts.push(h);
    else if (h.slice(0, i) === '.') hosts.push(`${namespace}/${h.slice(i + 1)}`);
    else if (h.slice(0, i) === '*') {
      if (h.slice(i + 1) === '*') return { ...s, hosts: ['*'] };
      hosts.push(h.slice(i + 1));
    } else hosts.push(h);
  }
  return { ...s, hosts };
}

export function sniHostsForServer(s: Server): string[] {
  return [...new Set((s.hosts ?? []).map((h) => (hasNamespace(h) ? h.slice(h.indexOf('/') + 1) : h)))].sort();
}

/** One server ready to merge: the MergedServer, its (translated) listener port and protocol. */
interface MergeInput {
  readonly ms: MergedServer;
  readonly port: number;
  readonly protocol: Protocol;
}

/**
 * A Gateway's servers as merge inputs, cached by the (immutable) Gateway resource and the port map:
 * re-merging after one Gateway changes redoes only that Gateway's servers, and every merge that
 * includes a Gateway hands out the same MergedServer objects.
 *
 * A reload decodes every Gateway again into new objects; one whose content is what it was —
 * source, metadata and spec, so the reused `gateway` is equal to the new one in every value —
 * gets the MergedServers made before (inputsByName keeps the latest of each Gateway), and the
 * caches downstream keyed by MergedServer (server hosts, route fragments, route configurations)
 * keep applying.
 */
const inputsCache = new WeakMap<Resource<Gateway>, { portKey: string; inputs: readonly MergeInput[] }>();
const MAX_NAMES = 50_000;
let inputsByName = new Map<string, { portKey: string; gw: Resource<Gateway>; inputs: readonly MergeInput[] }>();

function mergeInputs(gw: Resource<Gateway>, portMap: GatewayPortMap, portKey: string): readonly MergeInput[] {
  const cached = inputsCache.get(gw);
  if (cached && cached.portKey === portKey) return cached.inputs;
  const gatewayName = intern(flat(gw.metadata.namespace, '/', gw.metadata.name));
  const prev = inputsByName.get(gatewayName);
  const inputs = prev && prev.portKey === portKey && sameGateway(prev.gw, gw) ? prev.inputs : buildMergeInputs(gw, gatewayName, portMap);
  inputsCache.set(gw, { portKey, inputs });
  if (inputs !== prev?.inputs) {
    if (inputsByName.size >= MAX_NAMES) inputsByName = new Map();
    inputsByName.set(gatewayName, { portKey, gw, inputs });
  }
  return inputs;
}

function sameGateway(a: Resource<Gateway>, b: Resource<Gateway>): boolean {
  return a.apiVersion === b.apiVersion && sameValue(a.source, b.source) && sameValue(a.metadata, b.metadata) && sameValue(a.spec, b.spec);
}

function buildMergeInputs(gw: Resource<Gateway>, gatewayName: string, portMap: GatewayPortMap): readonly MergeInput[] {
  const servers = gw.spec?.servers ?? [];
  const inputs: MergeInput[] = [];
  for (let index = 0; index < servers.length; index++) {
    const raw = servers[index];
    if (!raw.port) continue;
    const sanitized = sanitizeServerHosts(raw, gw.metadata.namespace);
    const server = sanitized.hosts ? { ...sanitized, hosts: sanitized.hosts.map(intern) } : sanitized;
    const protocol = parseProtocol(server.port.protocol);
    const port = portMap.get(server.port.number ?? 0) ?? server.port.number ?? 0;
    const ms: MergedServer = { server, gatewayName, gateway: gw, index, routeName: gatewayRouteName(server, port, gw, protocol), sniHosts: server.tls ? sniHostsForServer(server) : undefined, namespacedHosts: server.hosts.some(hasNamespace) };
    inputs.push({ ms, port, protocol });
  }
  return inputs;
}

/** Merges Gateways (already sorted by Istio's precedence: name, then namespace) for one workload. */
export function mergeGateways(gateways: readonly Resource<Gateway>[], portMap: GatewayPortMap = new Map()): MergedGateway {
  const portKey = [...portMap].join(';');
  const inputs = gateways.map((gw) => mergeInputs(gw, portMap, portKey));
  const known = recentMerges.get(portKey);
  for (const m of known ?? []) if (sameLists(m.inputs, inputs)) return m.merged;
  const st = new MergeState();
  for (const list of inputs) for (const i of list) st.add(i.ms, i.port, i.protocol);
  const merged: MergedGateway = { ports: st.groups, serversByRouteName: st.byRoute, gatewayNames: st.names, rejected: st.rejected };
  remember(portKey, inputs, merged);
  return merged;
}

/**
 * Recent merges by port map, with the merge inputs they were made of: the same inputs (the same
 * Gateways, or Gateways of the same content after a reload) merge to the same (read-only) result.
 */
const recentMerges = new Map<string, { inputs: readonly (readonly MergeInput[])[]; merged: MergedGateway }[]>();
const MAX_MERGES_PER_PORT_MAP = 4;
const MAX_PORT_MAPS = 64;

function remember(portKey: string, inputs: readonly (readonly MergeInput[])[], merged: MergedGateway): void {
  let known = recentMerges.get(portKey);
  if (!known) {
    if (recentMerges.size >= MAX_PORT_MAPS) recentMerges.clear();
    recentMerges.set(portKey, (known = []));
  }
  if (known.length >= MAX_MERGES_PER_PORT_MAP) known.shift();
  known.push({ inputs, merged });
}

function sameLists<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

class MergeState {
  readonly groups: ServerPortGroup[] = [];
  readonly byRoute = new Map<string, MergedServer[]>();
  readonly names = new Set<string>();
  readonly rejected: RejectedServer[] = [];
  private readonly tlsHostsByPort = new Map<number, Map<string, string>>();
  /** Ports in use, each with its plain-text group (null when none). */
  private readonly usedPorts = new Map<number, PlainText | null>();
  /** The Gateway of the last server added (its name is in `names`). */
  private lastGatewayName = '';

  add(m: MergedServer, port: number, p: Protocol = parseProtocol(m.server.port.protocol)): void {
    const s = m.server;
    const bind = s.bind ?? '';
    if (s.tls && this.tlsHostsConflict(m, port, bind)) return;
    if (m.gatewayName !== this.lastGatewayName) this.names.add((this.lastGatewayName = m.gatewayName));
    const protocol = s.port.protocol ?? '';
    const plain = this.usedPorts.get(port);
    if (plain === undefined) {
      this.newGroup(m, port, protocol, bind, p);
      return;
    }
    if (plain) {
      const current = plain.group;
      const sameBind = current.bind === bind;
      if (sameBind && !canMergeProtocols(plain.protocol, p)) return this.reject(m, port, `protocol ${protocol} conflicts with the ${current.protocol} server already on port ${port}`);
      if (sameBind && m.routeName === '') return this.reject(m, port, `cannot share port ${port} with the ${current.protocol} server: no route name`);
      if (!sameBind) {
        const g = this.findGroup(port, protocol, bind);
        if (g) {
          g.servers.push(m);
          g.routeName = m.routeName;
          this.route(m);
        } else this.newGroup(m, port, protocol, bind, p);
        return;
      }
      current.servers.push(m);
      if (plain.routes && m.routeName === current.routeName) plain.routes.push(m);
      else this.route(m);
      return;
    }
    if (!isTlsServer(s, p)) {
      this.newGroup(m, port, protocol, bind, p);
      return;
    }
    if (isHttpServer(s, p)) {
      if (m.routeName === '') return this.reject(m, port, 'cannot build a route name for the server');
      if (this.byRoute.has(m.routeName)) return this.reject(m, port, `port name "${s.port.name ?? ''}" of HTTPS port ${port} is not unique (route ${m.routeName} exists)`);
      this.byRoute.set(m.routeName, [m]);
    }
    const g = this.findGroup(port, protocol, bind);
    if (g) g.servers.push(m);
    else this.groups.push({ port, protocol, bind, servers: [m], routeName: '' });
  }

  /** A TLS server naming a host that an earlier TLS server on the port and bind already has is rejected; else its hosts are recorded. */
  private tlsHostsConflict(m: MergedServer, port: number, bind: string): boolean {
    let known = this.tlsHostsByPort.get(port);
    if (!known) this.tlsHostsByPort.set(port, (known = new Map<string, string>()));
    const hosts = m.server.hosts;
    let dups: string[] | undefined;
    for (const h of hosts) if (known.get(h) === bind) (dups ??= []).push(h);
    if (dups) {
      this.reject(m, port, `duplicate host names on port ${port}: ${dups.join(', ')}`);
      return true;
    }
    for (const h of hosts) known.set(h, bind);
    return false;
  }

  private findGroup(port: number, protocol: string, bind: string): ServerPortGroup | undefined {
    for (const g of this.groups) if (g.port === port && g.protocol === protocol && g.bind === bind) return g;
    return undefined;
  }

  private reject(m: MergedServer, port: number, reason: string): void {
    this.rejected.push({ gatewayName: m.gatewayName, gateway: m.gateway, index: m.index, port, reason });
  }

  private newGroup(m: MergedServer, port: number, protocol: string, bind: string, p: Protocol): void {
    const g: ServerPortGroup = { port, protocol, bind, servers: [m], routeName: m.routeName };
    const routes = isHttpServer(m.server, p) ? [m] : undefined;
    if (routes) this.byRoute.set(m.routeName, routes);
    if (!this.usedPorts.has(port)) this.usedPorts.set(port, null);
    if (!isTlsServer(m.server, p)) this.usedPorts.set(port, { group: g, protocol: p, routes });
    this.groups.push(g);
  }

  private route(m: MergedServer): void {
    const list = this.byRoute.get(m.routeName);
    if (list) list.push(m);
    else this.byRoute.set(m.routeName, [m]);
  }
}

function canMergeProtocols(current: ReturnType<typeof parseProtocol>, p: ReturnType<typeof parseProtocol>): boolean {
  return (isHttp(current) || current === p) && isHttp(p);
}
