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
  if (isHttp(p)) return `http.${port}${bind}`;
  if (p === 'HTTPS' && !isPassthroughServer(s)) return `https.${s.port.number}.${s.port.name ?? ''}.${gw.metadata.name}.${gw.metadata.namespace}${bind}`;
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
 */
const inputsCache = new WeakMap<Resource<Gateway>, { portKey: string; inputs: readonly MergeInput[] }>();

function mergeInputs(gw: Resource<Gateway>, portMap: GatewayPortMap, portKey: string): readonly MergeInput[] {
  const cached = inputsCache.get(gw);
  if (cached && cached.portKey === portKey) return cached.inputs;
  const gatewayName = `${gw.metadata.namespace}/${gw.metadata.name}`;
  const servers = gw.spec?.servers ?? [];
  const inputs: MergeInput[] = [];
  for (let index = 0; index < servers.length; index++) {
    const raw = servers[index];
    if (!raw.port) continue;
    const server = sanitizeServerHosts(raw, gw.metadata.namespace);
    const protocol = parseProtocol(server.port.protocol);
    const port = portMap.get(server.port.number ?? 0) ?? server.port.number ?? 0;
    const ms: MergedServer = { server, gatewayName, gateway: gw, index, routeName: gatewayRouteName(server, port, gw, protocol), sniHosts: server.tls ? sniHostsForServer(server) : undefined, namespacedHosts: server.hosts.some(hasNamespace) };
    inputs.push({ ms, port, protocol });
  }
  inputsCache.set(gw, { portKey, inputs });
  return inputs;
}

/** Merges Gateways (already sorted by Istio's precedence: name, then namespace) for one workload. */
export function mergeGateways(gateways: readonly Resource<Gateway>[], portMap: GatewayPortMap = new Map()): MergedGateway {
  const st = new MergeState();
  const portKey = [...portMap].join(';');
  for (const gw of gateways) for (const i of mergeInputs(gw, portMap, portKey)) st.add(i.ms, i.port, i.protocol);
  return { ports: st.groups, serversByRouteName: st.byRoute, gatewayNames: st.names, rejected: st.rejected };
}

class MergeState {
  readonly groups: ServerPortGroup[] = [];
  readonly byRoute = new Map<string, MergedServer[]>();
  readonly names = new Set<string>();
  readonly rejected: RejectedServer[] = [];
  private readonly tlsHostsByPort = new Map<number, Map<string, string>>();
  private readonly plainText = new Map<number, ServerPortGroup>();
  private readonly usedPorts = new Set<number>();
  private readonly tlsBinds = new Map<number, Set<string>>();

  add(m: MergedServer, port: number, p: Protocol = parseProtocol(m.server.port.protocol)): void {
    const s = m.server;
    const bind = s.bind ?? '';
    if (s.tls) {
      let known = this.tlsHostsByPort.get(port);
      if (!known) this.tlsHostsByPort.set(port, (known = new Map<string, string>()));
      const dups = s.hosts.filter((h) => known.get(h) === bind);
      if (dups.length > 0) return this.reject(m, port, `duplicate host names on port ${port}: ${dups.join(', ')}`);
      for (const h of s.hosts) known.set(h, bind);
    }
    this.names.add(m.gatewayName);
    const protocol = s.port.protocol ?? '';
    if (!this.usedPorts.has(port)) {
      this.usedPorts.add(port);
      this.newGroup(m, port, protocol, bind, p);
      return;
    }
    const current = this.plainText.get(port);
    if (current) {
      const sameBind = current.bind === bind;
      if (sameBind && !canMergeProtocols(parseProtocol(current.protocol), parseProtocol(protocol))) return this.reject(m, port, `protocol ${protocol} conflicts with the ${current.protocol} server already on port ${port}`);
      if (sameBind && m.routeName === '') return this.reject(m, port, `cannot share port ${port} with the ${current.protocol} server: no route name`);
      if (!sameBind) {
        const g = this.groups.find((x) => x.port === port && x.protocol === protocol && x.bind === bind);
        if (g) {
          g.servers.push(m);
          g.routeName = m.routeName;
          this.route(m);
        } else this.newGroup(m, port, protocol, bind, p);
        return;
      }
      current.servers.push(m);
      this.route(m);
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
    const binds = this.tlsBinds.get(port) ?? new Set<string>();
    this.tlsBinds.set(port, binds);
    binds.add(bind);
    const g = this.groups.find((x) => x.port === port && x.protocol === protocol && x.bind === bind);
    if (g) g.servers.push(m);
    else this.groups.push({ port, protocol, bind, servers: [m], routeName: '' });
  }

  private reject(m: MergedServer, port: number, reason: string): void {
    this.rejected.push({ gatewayName: m.gatewayName, gateway: m.gateway, index: m.index, port, reason });
  }

  private newGroup(m: MergedServer, port: number, protocol: string, bind: string, p: Protocol): void {
    const g: ServerPortGroup = { port, protocol, bind, servers: [m], routeName: m.routeName };
    const tls = isTlsServer(m.server, p);
    if (!tls) this.plainText.set(port, g);
    if (isHttpServer(m.server, p)) this.byRoute.set(m.routeName, [m]);
    if (tls) this.tlsBinds.set(port, new Set([bind]));
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
