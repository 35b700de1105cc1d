/**
 * The last two steps of a walk: the cluster a request is sent to (its Istio service and subset
 * from `outbound|PORT|SUBSET|HOST`, the DestinationRule behind it) and its endpoints (EDS
 * assignment or the cluster's own load assignment), with health and the workload version behind
 * each. No cluster means 503 NC; a cluster without a healthy endpoint means 503 UH.
 */
import type { Cluster, ClusterLoadAssignment } from '../envoy/types.ts';
import { BLACKHOLE_CLUSTER, parseSubsetKey, PASSTHROUGH_CLUSTER } from '../generate/names.ts';
import { metadataProvenance } from './provenance.ts';
import type { EndpointInfo, ExplainOutcome } from './types.ts';
import { step, type WalkContext } from './walk-context.ts';

function assignment(w: WalkContext, c: Cluster): ClusterLoadAssignment | undefined {
  if (c.type === 'EDS' || (c.type === undefined && c.edsClusterConfig)) {
    const name = c.edsClusterConfig?.serviceName || c.name;
    return w.resources.endpoints.find((e) => e.clusterName === name);
  }
  return c.loadAssignment;
}

export function endpointsOf(w: WalkContext, c: Cluster): EndpointInfo[] {
  const out: EndpointInfo[] = [];
  for (const l of assignment(w, c)?.endpoints ?? []) {
    for (const e of l.lbEndpoints ?? []) {
      const sa = e.endpoint?.address?.socketAddress;
      if (!sa) continue;
      const info: EndpointInfo = { address: sa.address, port: sa.portValue ?? 0, health: e.healthStatus ?? 'UNKNOWN' };
      const wl = (e.metadata?.filterMetadata?.istio as { workload?: string } | undefined)?.workload;
      if (typeof wl === 'string') {
        const [name, ns, , version] = wl.split(';');
        info.workload = `${ns}/${name}`;
        if (version) info.version = version;
      }
      out.push(info);
    }
  }
  return out;
}

const healthy = (e: EndpointInfo): boolean => e.health === 'HEALTHY' || e.health === 'UNKNOWN' || e.health === 'DEGRADED';

/** Adds the cluster and endpoint steps; returns the outcome fields and a failure kind, if any. */
export function walkCluster(w: WalkContext, name: string): { fields: Partial<ExplainOutcome>; failure?: 'cluster-not-found' | 'no-healthy-upstream' } {
  const c = w.resources.clusters.find((x) => x.name === name);
  const parsed = parseSubsetKey(name);
  const fields: Partial<ExplainOutcome> = { cluster: name };
  if (parsed) fields.service = { host: parsed.hostname, port: parsed.port, ...(parsed.subset ? { subset: parsed.subset } : {}) };
  if (!c) {
    const why = parsed ? `no cluster ${name}: the proxy does not see service ${parsed.hostname} on port ${parsed.port}${parsed.subset ? ` with subset ${parsed.subset}` : ''} (check the host, the port, the DestinationRule subsets and exportTo)` : `no cluster ${name}`;
    step(w, 'cluster', name, why);
    return { fields, failure: 'cluster-not-found' };
  }
  const source = metadataProvenance(c.metadata, w.snapshot);
  step(w, 'cluster', name, clusterDetail(c, parsed?.subset), source);
  if (name === PASSTHROUGH_CLUSTER || c.type === 'ORIGINAL_DST') {
    step(w, 'endpoints', name, 'the original destination address of the connection');
    return { fields };
  }
  const eps = endpointsOf(w, c);
  fields.endpoints = eps;
  const ok = eps.filter(healthy);
  if (ok.length === 0) {
    step(w, 'endpoints', name, name === BLACKHOLE_CLUSTER ? 'BlackHoleCluster has no endpoints: the connection is dropped' : `no healthy endpoint${eps.length ? ` (${eps.length} unhealthy)` : ''}: the proxy answers 503 (UH, no healthy upstream)`);
    return { fields, failure: 'no-healthy-upstream' };
  }
  step(w, 'endpoints', name, ok.map((e) => `${e.address}:${e.port}${e.version ? ` (${e.version})` : ''}`).join(', '));
  return { fields };
}

function clusterDetail(c: Cluster, subset: string | undefined): string {
  const parts = [`type ${c.type ?? 'EDS'}`];
  if (c.lbPolicy) parts.push(`lb ${c.lbPolicy}`);
  if (subset) parts.push(`subset ${subset}`);
  if (c.transportSocket) parts.push('upstream TLS');
  if (c.outlierDetection) parts.push('outlier detection');
  return parts.join(', ');
}
