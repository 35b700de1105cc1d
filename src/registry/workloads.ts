/**
 * Workload instances from Pods (status.podIP, container ports) and WorkloadEntries (address,
 * named ports, locality, weight). In local mode these carry 127.0.0.x addresses.
 */
import type { Resource } from '../api/resource.ts';
import type { K8sPodBody, WorkloadEntry } from '../model/api-types.ts';
import { parseLocality, type WorkloadInstance } from './service.ts';

export function podToWorkload(r: Resource): WorkloadInstance | undefined {
  const body = r.body as K8sPodBody;
  const ip = body.status?.podIP ?? body.status?.podIPs?.[0]?.ip;
  if (!ip) return undefined;
  const ports: Record<string, number> = {};
  for (const c of body.spec?.containers ?? []) for (const p of c.ports ?? []) if (p.name) ports[p.name] = p.containerPort;
  const labels = r.metadata.labels ?? {};
  const phase = body.status?.phase;
  return {
    kind: 'Pod',
    name: r.metadata.name,
    namespace: r.metadata.namespace,
    address: ip,
    labels,
    ports,
    serviceAccount: body.spec?.serviceAccountName ?? 'default',
    locality: parseLocality(labels['istio-locality']?.replace(/\./g, '/')),
    healthy: phase === undefined || phase === 'Running',
  };
}

export function workloadEntryToWorkload(r: Resource<WorkloadEntry>): WorkloadInstance | undefined {
  const spec = r.spec ?? {};
  if (!spec.address) return undefined;
  return {
    kind: 'WorkloadEntry',
    name: r.metadata.name,
    namespace: r.metadata.namespace,
    address: spec.address,
    labels: { ...(r.metadata.labels ?? {}), ...(spec.labels ?? {}) },
    ports: { ...(spec.ports ?? {}) },
    serviceAccount: spec.serviceAccount,
    locality: parseLocality(spec.locality),
    network: spec.network,
    weight: spec.weight,
    healthy: true,
  };
}

/** Inline ServiceEntry `endpoints` are WorkloadEntry specs without metadata. */
export function inlineEndpointToWorkload(spec: WorkloadEntry, namespace: string, owner: string, index: number): WorkloadInstance | undefined {
  if (!spec.address) return undefined;
  return {
    kind: 'WorkloadEntry',
    name: `${owner}-${index}`,
    namespace,
    address: spec.address,
    labels: { ...(spec.labels ?? {}) },
    ports: { ...(spec.ports ?? {}) },
    serviceAccount: spec.serviceAccount,
    locality: parseLocality(spec.locality),
    network: spec.network,
    weight: spec.weight,
    healthy: true,
  };
}
