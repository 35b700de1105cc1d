/**
 * DestinationRule traffic policy → cluster settings (Istio's cluster_traffic_policy.go): policy
 * merging (subset over rule; a matching portLevelSettings entry replaces loadBalancer,
 * connectionPool, outlierDetection and tls), load balancer, connection pool as circuit breakers
 * and HTTP protocol options, and outlier detection.
 */
import { parseDuration } from '../../common/duration.ts';
import { protoDuration } from '../duration.ts';
import type { CircuitBreakerThresholds, Cluster, HttpProtocolOptions } from '../../envoy/types.ts';
import type { ConnectionPoolSettings, LoadBalancerSettings, OutlierDetection, TrafficPolicy } from '../../model/api-types.ts';

const MAX_UINT32 = 4294967295;

/** Istio's MergeTrafficPolicy for one port. */
export function mergeTrafficPolicy(original: TrafficPolicy | undefined, subset: TrafficPolicy | undefined, port: number): TrafficPolicy | undefined {
  if (!subset) return original;
  if (original?.portLevelSettings?.length) original = mergeTrafficPolicy(undefined, original, port);
  const merged: TrafficPolicy = {};
  if (original) Object.assign(merged, { connectionPool: original.connectionPool, loadBalancer: original.loadBalancer, outlierDetection: original.outlierDetection, tls: original.tls });
  if (subset.connectionPool) merged.connectionPool = subset.connectionPool;
  if (subset.loadBalancer) merged.loadBalancer = subset.loadBalancer;
  if (subset.outlierDetection) merged.outlierDetection = subset.outlierDetection;
  if (subset.tls) merged.tls = subset.tls;
  const pls = subset.portLevelSettings?.find((p) => p.port?.number === port);
  if (pls) {
    merged.connectionPool = pls.connectionPool;
    merged.outlierDetection = pls.outlierDetection;
    merged.loadBalancer = pls.loadBalancer;
    merged.tls = pls.tls;
  }
  return merged;
}

export function defaultCircuitBreakerThresholds(): CircuitBreakerThresholds {
  return { maxConnections: MAX_UINT32, maxPendingRequests: MAX_UINT32, maxRequests: MAX_UINT32, maxRetries: MAX_UINT32, trackRemaining: true };
}

const dur = (s: string | undefined): string | undefined => {
  const ms = s !== undefined ? parseDuration(s) : undefined;
  return ms === undefined ? undefined : protoDuration(ms);
};

export function applyLoadBalancer(c: Cluster, lb: LoadBalancerSettings | undefined): void {
  if (c.lbPolicy === 'CLUSTER_PROVIDED') return;
  switch (lb?.simple) {
    case 'LEAST_CONN':
    case 'LEAST_REQUEST':
      c.lbPolicy = 'LEAST_REQUEST';
      break;
    case 'RANDOM':
      c.lbPolicy = 'RANDOM';
      break;
    case 'ROUND_ROBIN':
      c.lbPolicy = 'ROUND_ROBIN';
      break;
    case 'PASSTHROUGH':
      c.lbPolicy = 'CLUSTER_PROVIDED';
      c.type = 'ORIGINAL_DST';
      delete c.edsClusterConfig;
      delete c.loadAssignment;
      return;
    default:
      c.lbPolicy = 'LEAST_REQUEST';
  }
  const ch = lb?.consistentHash;
  if (!ch) return;
  if (ch.maglev) {
    c.lbPolicy = 'MAGLEV';
    if (ch.maglev.tableSize) c.maglevLbConfig = { tableSize: String(ch.maglev.tableSize) };
  } else if (ch.ringHash) {
    c.lbPolicy = 'RING_HASH';
    if (ch.ringHash.minimumRingSize) c.ringHashLbConfig = { minimumRingSize: String(ch.ringHash.minimumRingSize) };
  } else {
    c.lbPolicy = 'RING_HASH';
    c.ringHashLbConfig = { minimumRingSize: String(ch.minimumRingSize || 1024) };
  }
}

/** Connection pool → circuit breaker thresholds, connect timeout, TCP keepalive, HTTP protocol options. */
export function applyConnectionPool(c: Cluster, cp: ConnectionPoolSettings | undefined, protocolOptions: HttpProtocolOptions): void {
  if (!cp) return;
  const t = defaultCircuitBreakerThresholds();
  let idle: string | undefined;
  let maxReqPerConn = 0;
  if (cp.http) {
    if (cp.http.http2MaxRequests) t.maxRequests = cp.http.http2MaxRequests;
    if (cp.http.http1MaxPendingRequests) t.maxPendingRequests = cp.http.http1MaxPendingRequests;
    if (cp.http.maxRetries) t.maxRetries = cp.http.maxRetries;
    idle = dur(cp.http.idleTimeout);
    maxReqPerConn = cp.http.maxRequestsPerConnection ?? 0;
    if (cp.http.maxConcurrentStreams) protocolOptions.explicitHttpConfig = { http2ProtocolOptions: { maxConcurrentStreams: cp.http.maxConcurrentStreams } };
  }
  let maxDuration: string | undefined;
  if (cp.tcp) {
    const ct = dur(cp.tcp.connectTimeout);
    if (ct) c.connectTimeout = ct;
    if (cp.tcp.maxConnections) t.maxConnections = cp.tcp.maxConnections;
    maxDuration = dur(cp.tcp.maxConnectionDuration);
    idle ??= dur(cp.tcp.idleTimeout);
    if (cp.tcp.tcpKeepalive) {
      const ka: NonNullable<NonNullable<Cluster['upstreamConnectionOptions']>['tcpKeepalive']> = {};
      if (cp.tcp.tcpKeepalive.probes) ka.keepaliveProbes = cp.tcp.tcpKeepalive.probes;
      const time = cp.tcp.tcpKeepalive.time ? parseDuration(cp.tcp.tcpKeepalive.time) : undefined;
      if (time !== undefined) ka.keepaliveTime = Math.floor(time / 1000);
      const interval = cp.tcp.tcpKeepalive.interval ? parseDuration(cp.tcp.tcpKeepalive.interval) : undefined;
      if (interval !== undefined) ka.keepaliveInterval = Math.floor(interval / 1000);
      c.upstreamConnectionOptions = { tcpKeepalive: ka };
    }
  }
  c.circuitBreakers = { thresholds: [t] };
  if (idle || maxReqPerConn > 0 || maxDuration) {
    const common: NonNullable<HttpProtocolOptions['commonHttpProtocolOptions']> = {};
    if (idle) common.idleTimeout = idle;
    if (maxReqPerConn > 0) common.maxRequestsPerConnection = maxReqPerConn;
    if (maxDuration) common.maxConnectionDuration = maxDuration;
    protocolOptions.commonHttpProtocolOptions = common;
  }
}

export function applyOutlierDetection(c: Cluster, o: OutlierDetection | undefined): void {
  if (!o) return;
  const out: NonNullable<Cluster['outlierDetection']> = { enforcingSuccessRate: 0 };
  const c5xx = o.consecutive5xxErrors ?? o.consecutiveErrors;
  if (c5xx !== undefined) {
    out.consecutive5xx = c5xx;
    out.enforcingConsecutive5xx = c5xx > 0 ? 100 : 0;
  }
  if (o.consecutiveGatewayErrors !== undefined) {
    out.consecutiveGatewayFailure = o.consecutiveGatewayErrors;
    out.enforcingConsecutiveGatewayFailure = o.consecutiveGatewayErrors > 0 ? 100 : 0;
  }
  const interval = dur(o.interval);
  if (interval) out.interval = interval;
  const base = dur(o.baseEjectionTime);
  if (base) out.baseEjectionTime = base;
  if (o.maxEjectionPercent && o.maxEjectionPercent > 0) out.maxEjectionPercent = o.maxEjectionPercent;
  if (o.splitExternalLocalOriginErrors) {
    out.splitExternalLocalOriginErrors = true;
    if (o.consecutiveLocalOriginFailures && o.consecutiveLocalOriginFailures > 0) {
      out.consecutiveLocalOriginFailure = o.consecutiveLocalOriginFailures;
      out.enforcingConsecutiveLocalOriginFailure = 100;
    }
  }
  c.outlierDetection = out;
  c.commonLbConfig = { ...(c.commonLbConfig ?? {}), healthyPanicThreshold: { value: o.minHealthPercent ?? 0 } };
}
