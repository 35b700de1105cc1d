/**
 * Cluster load assignments (EDS): the registry's endpoints of one service port, narrowed to a
 * subset's labels, grouped by locality with summed weights; locality `distribute` weights and
 * failover priorities relative to the proxy's locality (Istio's loadbalancer package, simplified).
 */
import type { ClusterLoadAssignment, LbEndpoint, LocalityLbEndpoints } from '../../envoy/types.ts';
import type { LocalityLoadBalancerSetting } from '../../model/api-types.ts';
import { selectorMatches, type Labels } from '../../registry/labels.ts';
import type { IstioEndpoint, Locality } from '../../registry/service.ts';

export function localityString(l: Locality | undefined): string {
  return l ? [l.region ?? '', l.zone ?? '', l.subZone ?? ''].join('/').replace(/\/+$/, '') : '';
}

export function lbEndpoint(e: IstioEndpoint): LbEndpoint {
  const out: LbEndpoint = { endpoint: { address: { socketAddress: { address: e.address, portValue: e.endpointPort } } }, healthStatus: e.healthy ? 'HEALTHY' : 'UNHEALTHY' };
  if (e.weight !== undefined && e.weight > 0) out.loadBalancingWeight = e.weight;
  if (e.workloadName) out.metadata = { filterMetadata: { istio: { workload: `${e.workloadName};${e.namespace};${e.labels.app ?? ''};${e.labels.version ?? ''};Kubernetes` } } };
  return out;
}

export interface AssignmentOptions {
  subsetLabels?: Labels;
  proxyLocality?: Locality;
  locality?: LocalityLoadBalancerSetting;
  /** Failover by priority needs outlier detection (as in Istio). */
  outlierDetection?: boolean;
}

export function loadAssignment(clusterName: string, endpoints: readonly IstioEndpoint[], port: number, o: AssignmentOptions = {}): ClusterLoadAssignment {
  const groups = new Map<string, { locality?: Locality; eps: LbEndpoint[]; weight: number }>();
  for (const e of endpoints) {
    if (e.servicePort !== port || !e.healthy || !selectorMatches(o.subsetLabels, e.labels)) continue;
    const key = localityString(e.locality);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { locality: e.locality, eps: [], weight: 0 }));
    g.eps.push(lbEndpoint(e));
    g.weight += e.weight && e.weight > 0 ? e.weight : 1;
  }
  let out: LocalityLbEndpoints[] = [...groups.values()].map((g) => {
    const l: LocalityLbEndpoints = {};
    if (g.locality && Object.keys(g.locality).length) l.locality = { ...g.locality };
    l.lbEndpoints = g.eps;
    l.loadBalancingWeight = g.weight;
    return l;
  });
  if (o.proxyLocality && o.locality?.enabled !== false) {
    if (o.locality?.distribute?.length) out = applyDistribute(out, o.proxyLocality, o.locality.distribute);
    else if (o.outlierDetection) applyFailover(out, o.proxyLocality, o.locality?.failover ?? []);
  }
  return { clusterName, endpoints: out };
}

function localityMatches(pattern: string, l: Locality | undefined): boolean {
  const parts = pattern.split('/');
  const have = [l?.region ?? '', l?.zone ?? '', l?.subZone ?? ''];
  return parts.every((p, i) => p === '*' || p === have[i]);
}

function applyDistribute(groups: LocalityLbEndpoints[], proxy: Locality, rules: NonNullable<LocalityLoadBalancerSetting['distribute']>): LocalityLbEndpoints[] {
  const rule = rules.find((r) => r.from && localityMatches(r.from, proxy));
  if (!rule?.to) return groups;
  const weights = new Map<LocalityLbEndpoints, number>();
  for (const [pattern, weight] of Object.entries(rule.to)) {
    const matched = groups.filter((g) => localityMatches(pattern, g.locality) && !weights.has(g));
    for (const g of matched) weights.set(g, Math.max(1, Math.floor(weight / matched.length)));
  }
  return groups.filter((g) => weights.has(g)).map((g) => ({ ...g, loadBalancingWeight: weights.get(g) }));
}

function applyFailover(groups: LocalityLbEndpoints[], proxy: Locality, failover: NonNullable<LocalityLoadBalancerSetting['failover']>): void {
  const target = failover.find((f) => f.from === proxy.region)?.to;
  for (const g of groups) {
    const l = g.locality ?? {};
    let p = 4;
    if (l.region === proxy.region) p = l.zone === proxy.zone ? (l.subZone === proxy.subZone ? 0 : 1) : 2;
    else if (target && l.region === target) p = 3;
    if (p > 0) g.priority = p;
  }
  const used = [...new Set(groups.map((g) => g.priority ?? 0))].sort((a, b) => a - b);
  for (const g of groups) {
    const dense = used.indexOf(g.priority ?? 0);
    if (dense > 0) g.priority = dense;
    else delete g.priority;
  }
}
