/**
 * Clusters and their load assignments (Istio's ClusterBuilder): for every visible service port an
 * `outbound|PORT||HOST` cluster plus one per DestinationRule subset (`outbound|PORT|SUBSET|HOST`),
 * typed by resolution (EDS, STRICT_DNS, LOGICAL_DNS, ORIGINAL_DST), with the merged traffic policy
 * applied; inbound clusters for a sidecar's own ports; and BlackHoleCluster / PassthroughCluster.
 */
import { parseDuration } from '../../common/duration.ts';
import { protoDuration } from '../duration.ts';
import type { Cluster, ClusterLoadAssignment, HttpProtocolOptions } from '../../envoy/types.ts';
import { FILTER, TYPE_URL } from '../../envoy/type-urls.ts';
import type { Subset, TrafficPolicy } from '../../model/api-types.ts';
import type { ConsolidatedDestinationRule } from '../../model/destination-rule-index.ts';
import { isHttp2 } from '../../registry/protocol.ts';
import { serviceKey, type Service, type ServicePort } from '../../registry/service.ts';
import { toAny } from '../any.ts';
import type { GenerationContext } from '../context.ts';
import { ADS_CONFIG_SOURCE } from '../listener/http-connection-manager.ts';
import { configPath } from '../metadata.ts';
import { BLACKHOLE_CLUSTER, PASSTHROUGH_CLUSTER, subsetKey } from '../names.ts';
import { loadAssignment } from './endpoints.ts';
import { applyConnectionPool, applyLoadBalancer, applyOutlierDetection, defaultCircuitBreakerThresholds, mergeTrafficPolicy } from './traffic-policy.ts';
import { upstreamTlsContext, upstreamTransportSocket } from './upstream-tls.ts';

export interface ClusterOutput {
  clusters: Cluster[];
  endpoints: ClusterLoadAssignment[];
}

export function connectTimeout(ctx: GenerationContext): string {
  return protoDuration(parseDuration(ctx.snapshot.mesh.connectTimeout) ?? 10_000);
}

export function outboundClusters(ctx: GenerationContext): ClusterOutput {
  const out: ClusterOutput = { clusters: [], endpoints: [] };
  for (const svc of ctx.scope.services) {
    const dr = ctx.destinationRule(svc);
    for (const port of svc.ports) {
      if (port.protocol === 'UDP') continue;
      addCluster(ctx, out, svc, port, dr, undefined);
      for (const subset of dr?.rule.subsets ?? []) addCluster(ctx, out, svc, port, dr, subset);
    }
  }
  return out;
}

function addCluster(ctx: GenerationContext, out: ClusterOutput, svc: Service, port: ServicePort, dr: ConsolidatedDestinationRule | undefined, subset: Subset | undefined): void {
  const name = subsetKey('outbound', subset?.name, svc.hostname, port.port);
  const policy = subset ? mergeTrafficPolicy(dr?.rule.trafficPolicy, subset.trafficPolicy, port.port) : mergeTrafficPolicy(undefined, dr?.rule.trafficPolicy, port.port);
  const c: Cluster = { name, type: clusterType(svc) };
  const endpoints = ctx.snapshot.registry.endpointsByService.get(serviceKey(svc)) ?? [];
  const cla = loadAssignment(name, endpoints, port.port, {
    subsetLabels: subset?.labels,
    proxyLocality: ctx.proxy.locality,
    locality: policy?.loadBalancer?.localityLbSetting,
    outlierDetection: !!policy?.outlierDetection,
  });
  if (c.type === 'EDS') c.edsClusterConfig = { edsConfig: ADS_CONFIG_SOURCE, serviceName: name };
  c.connectTimeout = connectTimeout(ctx);
  if (c.type === 'STRICT_DNS' || c.type === 'LOGICAL_DNS') {
    c.loadAssignment = cla;
    c.dnsLookupFamily = 'V4_ONLY';
    c.respectDnsTtl = true;
  }
  if (c.type === 'ORIGINAL_DST') c.lbPolicy = 'CLUSTER_PROVIDED';
  applyPolicy(ctx, c, svc, port, policy);
  c.metadata = clusterMetadata(svc, dr, subset);
  out.clusters.push(c);
  if (c.type === 'EDS') out.endpoints.push(cla);
}

function clusterType(svc: Service): Cluster['type'] {
  switch (svc.resolution) {
    case 'DNSLB':
      return 'STRICT_DNS';
    case 'DNSRoundRobinLB':
      return 'LOGICAL_DNS';
    case 'Passthrough':
      return 'ORIGINAL_DST';
    default:
      return 'EDS';
  }
}

function applyPolicy(ctx: GenerationContext, c: Cluster, svc: Service, port: ServicePort, policy: TrafficPolicy | undefined): void {
  const protocolOptions: HttpProtocolOptions = {};
  applyLoadBalancer(c, policy?.loadBalancer);
  if (policy?.loadBalancer?.localityLbSetting?.distribute?.length) c.commonLbConfig = { ...(c.commonLbConfig ?? {}), localityWeightedLbConfig: {} };
  c.circuitBreakers = { thresholds: [defaultCircuitBreakerThresholds()] };
  applyConnectionPool(c, policy?.connectionPool, protocolOptions);
  applyOutlierDetection(c, policy?.outlierDetection);
  if (isHttp2(port.protocol)) protocolOptions.explicitHttpConfig = { http2ProtocolOptions: { ...(protocolOptions.explicitHttpConfig?.http2ProtocolOptions ?? {}) } };
  if (Object.keys(protocolOptions).length > 0 && !protocolOptions.explicitHttpConfig) protocolOptions.explicitHttpConfig = { httpProtocolOptions: {} };
  if (Object.keys(protocolOptions).length > 0) c.typedExtensionProtocolOptions = { [FILTER.httpProtocolOptions]: toAny(TYPE_URL.httpProtocolOptions, protocolOptions) };
  const tls = upstreamTlsContext(policy?.tls, svc.hostname, c.name);
  if (tls) c.transportSocket = upstreamTransportSocket(tls);
  void ctx;
}

function clusterMetadata(svc: Service, dr: ConsolidatedDestinationRule | undefined, subset: Subset | undefined): Cluster['metadata'] {
  const istio: Record<string, unknown> = {};
  if (dr) istio.config = configPath(dr.from[0]);
  istio.services = [{ host: svc.hostname, name: svc.source.kind === 'Service' ? svc.source.name : svc.hostname, namespace: svc.namespace }];
  if (subset) istio.subset = subset.name;
  return { filterMetadata: { istio } };
}

/** BlackHoleCluster: a STATIC cluster without endpoints; every request to it fails. */
export function blackholeCluster(ctx: GenerationContext): Cluster {
  return { name: BLACKHOLE_CLUSTER, type: 'STATIC', connectTimeout: connectTimeout(ctx) };
}

/** PassthroughCluster: to the original destination, for ALLOW_ANY egress. */
export function passthroughCluster(ctx: GenerationContext): Cluster {
  return { name: PASSTHROUGH_CLUSTER, type: 'ORIGINAL_DST', connectTimeout: connectTimeout(ctx), lbPolicy: 'CLUSTER_PROVIDED', circuitBreakers: { thresholds: [defaultCircuitBreakerThresholds()] } };
}
