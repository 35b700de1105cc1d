/**
 * An Envoy `Cluster` (with its ClusterLoadAssignment from the bundle) checked and turned into a
 * plain spec: discovery type, endpoints (with priority and locality) or DNS targets, upstream
 * protocol, TLS per endpoint, timeouts, the load-balancing policy and settings, circuit breaker
 * thresholds, outlier detection and TCP keepalive. Pure and synchronous; a bad cluster is a
 * ConfigError.
 */
import type { Any, Cluster, ClusterLoadAssignment, HttpProtocolOptions, LbEndpoint, Struct, TransportSocket, UpstreamTlsContext } from '../../envoy/types.ts';
import { FILTER, TYPE_URL } from '../../envoy/type-urls.ts';
import { loadBalancers } from '../../extensions/registry.ts';
import type { LoadBalancerFactory } from '../../extensions/api.ts';
import { parseDuration } from '../../common/duration.ts';
import { ConfigError } from '../config/config-error.ts';
import { secretsFingerprint, type SecretStore } from '../secrets/secret-store.ts';
import { buildUpstreamTls, type UpstreamTls } from '../tls/upstream-tls.ts';
import type { DnsFamily } from './dns.ts';
import type { HostSpec } from './host.ts';
import { compileLbConfig, type LbConfig } from './lb/lb-config.ts';
import { compileOutlierConfig, type OutlierConfig } from './outlier/outlier-config.ts';

export type UpstreamProtocol = 'http1' | 'http2' | 'downstream';

export interface TlsMatch {
  match: Struct;
  tls: UpstreamTls | undefined;
}

export interface ClusterSpec {
  name: string;
  type: 'STATIC' | 'STRICT_DNS' | 'LOGICAL_DNS' | 'EDS' | 'ORIGINAL_DST';
  /** Endpoints as configured (addresses may be DNS names for *_DNS clusters). */
  endpoints: HostSpec[];
  connectTimeoutMs: number;
  idleTimeoutMs: number;
  maxRequestsPerConnection: number;
  protocol: UpstreamProtocol;
  /** The registered factory of `lbConfig.policy`. */
  lb: LoadBalancerFactory;
  lbConfig: LbConfig;
  /** DEFAULT-priority circuit breaker thresholds (Envoy's defaults when absent). */
  circuitBreakers: NonNullable<Cluster['circuitBreakers']>['thresholds'];
  outlier: OutlierConfig | undefined;
  /** `upstreamConnectionOptions.tcpKeepalive` (seconds), undefined when off. */
  tcpKeepalive: { timeSeconds: number; intervalSeconds: number; probes: number } | undefined;
  /** ORIGINAL_DST: take the destination from `x-envoy-original-dst-host` (else the downstream's local address). */
  originalDstUseHeader: boolean;
  tls: UpstreamTls | undefined;
  tlsMatches: TlsMatch[];
  dnsRefreshMs: number;
  dnsFamily: DnsFamily;
  /** Identity of everything but the endpoints, and of the endpoints, for reuse across applies. */
  configKey: string;
  endpointsKey: string;
  /** `istio` metadata services (`[{host, name, namespace}]`) when the control plane set them. */
  istioService: { host: string; name: string; namespace: string } | undefined;
  raw: Cluster;
}

function ms(d: string | undefined, dflt: number, what: string): number {
  if (d === undefined) return dflt;
  const v = parseDuration(d);
  if (v === undefined || v < 0) throw new ConfigError(`${what} "${d}" is not a valid duration`);
  return v;
}

function upstreamTls(ts: TransportSocket | undefined, secrets: SecretStore): UpstreamTls | undefined {
  if (!ts) return undefined;
  if (ts.name === 'envoy.transport_sockets.raw_buffer' || ts.typedConfig?.['@type']?.endsWith('RawBuffer')) return undefined;
  const url = ts.typedConfig?.['@type'];
  if (ts.name !== FILTER.tlsTransportSocket && url !== TYPE_URL.upstreamTlsContext) throw new ConfigError(`unsupported transport socket "${ts.name}"`);
  if (url !== undefined && url !== TYPE_URL.upstreamTlsContext) throw new ConfigError(`transport socket ${ts.name} expects ${TYPE_URL.upstreamTlsContext}, got ${url}`);
  return buildUpstreamTls((ts.typedConfig ?? {}) as UpstreamTlsContext, secrets);
}

function protocolOf(c: Cluster): UpstreamProtocol {
  const opts = c.typedExtensionProtocolOptions?.[FILTER.httpProtocolOptions] as (HttpProtocolOptions & Any) | undefined;
  if (opts) {
    if (opts['@type'] !== undefined && opts['@type'] !== TYPE_URL.httpProtocolOptions) throw new ConfigError(`typedExtensionProtocolOptions["${FILTER.httpProtocolOptions}"] has @type ${opts['@type']}`);
    if (opts.explicitHttpConfig?.http2ProtocolOptions) return 'http2';
    if (opts.useDownstreamProtocolConfig) return 'downstream';
    return 'http1';
  }
  return c.http2ProtocolOptions ? 'http2' : 'http1';
}

const UNHEALTHY = new Set(['UNHEALTHY', 'DRAINING', 'TIMEOUT']);

function endpointsOf(cla: ClusterLoadAssignment | undefined, clusterName: string): HostSpec[] {
  const out: HostSpec[] = [];
  for (const [li, loc] of (cla?.endpoints ?? []).entries()) {
    const l = loc.locality;
    const locality = l ? [l.region ?? '', l.zone ?? '', l.subZone ?? ''].join('/') : '';
    const priority = loc.priority ?? 0;
    if (!Number.isInteger(priority) || priority < 0 || priority > 127) throw new ConfigError(`cluster "${clusterName}" endpoints[${li}]: priority ${priority} is not in [0, 127]`);
    const placement = { priority, locality, localityWeight: loc.loadBalancingWeight ?? 0 };
    for (const [ei, lbe] of (loc.lbEndpoints ?? []).entries()) out.push(hostSpec(lbe, placement, `cluster "${clusterName}" endpoints[${li}].lbEndpoints[${ei}]`));
  }
  return out;
}

function hostSpec(lbe: LbEndpoint, placement: { priority: number; locality: string; localityWeight: number }, where: string): HostSpec {
  const sa = lbe.endpoint?.address?.socketAddress;
  if (!sa || typeof sa.address !== 'string' || sa.address === '') throw new ConfigError(`${where}: endpoint needs address.socketAddress.address`);
  const port = sa.portValue ?? 0;
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new ConfigError(`${where}: invalid port ${port}`);
  return {
    address: sa.address,
    port,
    hostname: lbe.endpoint?.hostname ?? sa.address,
    weight: Math.max(1, lbe.loadBalancingWeight ?? 1),
    ...placement,
    healthy: !UNHEALTHY.has(lbe.healthStatus ?? 'UNKNOWN'),
    metadata: lbe.metadata,
  };
}

function istioService(c: Cluster): ClusterSpec['istioService'] {
  const services = c.metadata?.filterMetadata?.istio?.services;
  if (!Array.isArray(services) || services.length === 0) return undefined;
  const s = services[0] as Record<string, unknown>;
  return { host: String(s.host ?? ''), name: String(s.name ?? ''), namespace: String(s.namespace ?? '') };
}

export function buildClusterSpec(c: Cluster, claByName: Map<string, ClusterLoadAssignment>, secrets: SecretStore, warn: (m: string) => void): ClusterSpec {
  if (!c || typeof c.name !== 'string' || c.name === '') throw new ConfigError('cluster has no name');
  const type = c.type ?? (c.edsClusterConfig ? 'EDS' : 'STATIC');
  if (!['STATIC', 'STRICT_DNS', 'LOGICAL_DNS', 'EDS', 'ORIGINAL_DST'].includes(type)) throw new ConfigError(`unknown cluster type "${type}"`);
  let cla: ClusterLoadAssignment | undefined = c.loadAssignment;
  if (type === 'EDS') {
    const serviceName = c.edsClusterConfig?.serviceName || c.name;
    cla = claByName.get(serviceName);
    if (!cla) warn(`no ClusterLoadAssignment "${serviceName}" in the bundle: the cluster has no endpoints`);
  }
  const lbConfig = compileLbConfig(c, cla);
  if (type === 'ORIGINAL_DST' && lbConfig.policy !== 'CLUSTER_PROVIDED') throw new ConfigError(`ORIGINAL_DST clusters need lbPolicy CLUSTER_PROVIDED (got ${lbConfig.policy})`);
  const lb = loadBalancers.get(lbConfig.policy === 'CLUSTER_PROVIDED' ? 'ROUND_ROBIN' : lbConfig.policy);
  if (!lb) throw new ConfigError(`lbPolicy ${lbConfig.policy} has no registered load balancer`);
  const tls = upstreamTls(c.transportSocket, secrets);
  const tlsMatches = (c.transportSocketMatches ?? []).map((m) => ({ match: m.match ?? {}, tls: upstreamTls(m.transportSocket, secrets) }));
  const secretNames = [tls, ...tlsMatches.map((m) => m.tls)].flatMap((t) => t?.secretNames ?? []);
  const hpo = c.typedExtensionProtocolOptions?.[FILTER.httpProtocolOptions] as HttpProtocolOptions | undefined;
  const endpoints = type === 'ORIGINAL_DST' ? [] : endpointsOf(cla, c.name);
  const { loadAssignment: _la, ...withoutEndpoints } = c;
  return {
    name: c.name,
    type,
    endpoints,
    connectTimeoutMs: ms(c.connectTimeout, 5000, 'connectTimeout'),
    idleTimeoutMs: ms(hpo?.commonHttpProtocolOptions?.idleTimeout, 3_600_000, 'idleTimeout'),
    maxRequestsPerConnection: hpo?.commonHttpProtocolOptions?.maxRequestsPerConnection ?? c.maxRequestsPerConnection ?? 0,
    protocol: protocolOf(c),
    lb,
    lbConfig,
    circuitBreakers: c.circuitBreakers?.thresholds,
    outlier: c.outlierDetection ? compileOutlierConfig(c.outlierDetection) : undefined,
    tcpKeepalive: keepaliveOf(c),
    originalDstUseHeader: c.originalDstLbConfig?.useHttpHeader === true,
    tls,
    tlsMatches,
    dnsRefreshMs: ms(c.dnsRefreshRate, 5000, 'dnsRefreshRate'),
    dnsFamily: c.dnsLookupFamily ?? 'AUTO',
    configKey: JSON.stringify(withoutEndpoints) + '|' + secretsFingerprint(secrets, secretNames),
    endpointsKey: JSON.stringify(endpoints),
    istioService: istioService(c),
    raw: c,
  };
}

function keepaliveOf(c: Cluster): ClusterSpec['tcpKeepalive'] {
  const k = c.upstreamConnectionOptions?.tcpKeepalive;
  if (!k) return undefined;
  return { timeSeconds: k.keepaliveTime ?? 7200, intervalSeconds: k.keepaliveInterval ?? 75, probes: k.keepaliveProbes ?? 9 };
}

/** The TLS a host is reached with: the first transport socket match, else the cluster default. */
export function tlsForHost(spec: ClusterSpec, metadata: HostSpec['metadata']): UpstreamTls | undefined {
  if (spec.tlsMatches.length === 0) return spec.tls;
  const md = (metadata?.filterMetadata?.['envoy.transport_socket_match'] ?? {}) as Struct;
  for (const m of spec.tlsMatches) {
    if (Object.entries(m.match).every(([k, v]) => md[k] === v)) return m.tls;
  }
  return spec.tls;
}
