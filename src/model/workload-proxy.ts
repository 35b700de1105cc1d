/**
 * The Proxy for a workload named by labels, for offline tools (`sextant proxy-config`,
 * `sextant up`): the Pod or WorkloadEntry carrying those labels (or a Deployment's pod template),
 * a router when a Gateway selects the labels, else a sidecar.
 */
import type { K8sDeploymentBody } from './api-types.ts';
import { selectorMatches, type Labels } from '../registry/labels.ts';
import type { Proxy, ProxyType } from './proxy.ts';
import type { MeshSnapshot } from './snapshot.ts';

export interface WorkloadProxyOptions {
  namespace?: string;
  /** Force the proxy type instead of inferring it from Gateway selectors. */
  type?: ProxyType;
}

export function proxyForWorkload(snapshot: MeshSnapshot, labels: Labels, opts: WorkloadProxyOptions = {}): Proxy {
  const inNs = (ns: string): boolean => !opts.namespace || ns === opts.namespace;
  const w = snapshot.registry.workloads.find((x) => inNs(x.namespace) && selectorMatches(labels, x.labels));
  let namespace = w?.namespace;
  let fullLabels: Labels = w?.labels ?? labels;
  let name = w?.name;
  if (!w) {
    const d = snapshot.byKind<unknown>('Deployment').find((r) => inNs(r.metadata.namespace) && selectorMatches(labels, (r.body as K8sDeploymentBody).spec?.template?.metadata?.labels));
    if (d) {
      namespace = d.metadata.namespace;
      fullLabels = { ...((d.body as K8sDeploymentBody).spec?.template?.metadata?.labels ?? {}) };
      name = d.metadata.name;
    }
  }
  const type = opts.type ?? (snapshot.gatewaysForWorkload(fullLabels).length > 0 ? 'router' : 'sidecar');
  namespace ??= opts.namespace ?? (type === 'router' ? snapshot.rootNamespace : 'default');
  name ??= Object.values(labels)[0] ?? 'workload';
  const ip = w?.address ?? '127.0.0.1';
  return {
    type,
    id: `${name}.${namespace}`,
    ipAddresses: [ip],
    namespace,
    labels: fullLabels,
    metadata: { LABELS: { ...fullLabels }, NAMESPACE: namespace },
    dnsDomain: `${namespace}.svc.${snapshot.domainSuffix}`,
    workloadName: name,
    serviceAccount: w?.serviceAccount,
    locality: w?.locality,
  };
}
