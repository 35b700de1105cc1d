/**
 * The contract between the proxy core and its extensions. An extension is a factory registered by
 * name (and typed-config URL) that turns its typed config into a filter at config-build time; the
 * filter then runs per connection or per stream. Filters answer with a closed set of statuses:
 * `continue` (next filter) or `stop` (the filter took over, or will resume the chain itself).
 */
import type { Any } from '../envoy/types.ts';
import type { StreamInfo } from '../proxy/access-log/stream-info.ts';
import type { FactoryContext } from '../proxy/config/factory-context.ts';
import type { DownstreamConnection } from '../proxy/listener/downstream-connection.ts';
import type { RandomSource } from '../proxy/common/random.ts';
import type { Host } from '../proxy/upstream/host.ts';
import type { HostSet } from '../proxy/upstream/lb/host-set.ts';
import type { LbConfig } from '../proxy/upstream/lb/lb-config.ts';
import type { ClusterLoadBalancer } from '../proxy/upstream/lb/lb-host.ts';

export type FilterStatus = 'continue' | 'stop';

// ---------- network filters ----------

export interface NetworkFilter {
  /** A new downstream connection (TLS already terminated when the chain has a transport socket). */
  onNewConnection(conn: DownstreamConnection): FilterStatus;
}

export interface NetworkFilterFactory {
  readonly name: string;
  readonly typeUrls: readonly string[];
  /** A terminal filter owns the connection (http_connection_manager, tcp_proxy). */
  readonly terminal: boolean;
  create(typedConfig: Any | undefined, ctx: FactoryContext): NetworkFilter;
}

// ---------- HTTP filters ----------

/** What an HTTP filter can see and do on one stream. */
export interface HttpFilterStream extends StreamInfo {
  readonly method: string;
  readonly authority: string;
  readonly path: string;
  header(name: string): string | undefined;
  setRequestHeader(name: string, value: string): void;
  /** The most specific per-route config for `filterName` (route, then virtual host, then route configuration). */
  perFilterConfig<T>(filterName: string): T | undefined;
  /** Ends the stream with a locally generated response. */
  sendLocalReply(status: number, body: string, details: string, flags?: number, headers?: string[]): void;
  /** Resumes the decoder filter chain after a filter returned `stop`. */
  continueDecoding(): void;
  setResponseFlag(flag: number): void;
  /** Hands the request to the upstream (the router filter's job). */
  forwardUpstream(): void;
  readonly downstreamClosed: boolean;
}

export interface HttpFilter {
  /** Request headers arrived; `stop` pauses the chain until `continueDecoding()` or a local reply. */
  decodeHeaders(stream: HttpFilterStream): FilterStatus;
  /** Response headers (flat `[name, value, ...]`, lower-case names) are about to go downstream. */
  encodeHeaders?(stream: HttpFilterStream, headers: string[]): void;
}

export interface HttpFilterFactory {
  readonly name: string;
  readonly typeUrls: readonly string[];
  /** The router is terminal and must be last. */
  readonly terminal: boolean;
  create(typedConfig: Any | undefined, ctx: FactoryContext): HttpFilter;
  /** Compiles a `typed_per_filter_config` entry (route or virtual host level). */
  createRouteConfig?(typedConfig: Any, where: string): unknown;
}

// ---------- access loggers ----------

export interface AccessLogger {
  log(info: StreamInfo): void;
}

export interface AccessLoggerFactory {
  readonly name: string;
  readonly typeUrls: readonly string[];
  create(typedConfig: Any | undefined, ctx: FactoryContext): AccessLogger;
}

// ---------- load balancers ----------

export type { ClusterLoadBalancer, LbContext } from '../proxy/upstream/lb/lb-host.ts';

/**
 * A load-balancing policy (the Cluster's `lbPolicy`): builds the cluster's balancer each time its
 * priority set changes (membership or health). The priority set holds the hosts by priority and
 * locality with their healthy subsets; `config` carries the policy's settings and the panic and
 * locality-weighting options.
 */
export interface LoadBalancerFactory {
  /** The Cluster `lbPolicy` value, e.g. ROUND_ROBIN. */
  readonly name: string;
  readonly typeUrls: readonly string[];
  create(config: LbConfig, sets: readonly HostSet<Host>[], random: RandomSource): ClusterLoadBalancer<Host>;
}
