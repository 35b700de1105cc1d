/**
 * The xDS node a Sextant proxy presents, in the form Istio's agent uses: id
 * `router|sidecar~IP~POD.NAMESPACE~NAMESPACE.svc.cluster.local`, metadata LABELS, NAMESPACE,
 * CLUSTER_ID, ISTIO_VERSION, NAME, and the user agent.
 */
import type { Node } from '../../envoy/types.ts';

export interface ProxyNodeOptions {
  type: 'router' | 'sidecar';
  /** Pod (workload instance) name; default `sextant-<type>-<pid>`. */
  podName?: string;
  namespace?: string;
  ip?: string;
  labels?: Record<string, string>;
  clusterId?: string;
  dnsDomain?: string;
  version?: string;
  /** Extra metadata (e.g. GENERATOR). */
  metadata?: Record<string, unknown>;
}

export function proxyNode(o: ProxyNodeOptions): Node {
  const ns = o.namespace ?? (o.type === 'router' ? 'istio-system' : 'default');
  const pod = o.podName ?? `sextant-${o.type}-${process.pid}`;
  const domain = o.dnsDomain ?? `${ns}.svc.cluster.local`;
  return {
    id: `${o.type}~${o.ip ?? '127.0.0.1'}~${pod}.${ns}~${domain}`,
    cluster: o.labels?.app ?? pod,
    metadata: { LABELS: o.labels ?? {}, NAMESPACE: ns, NAME: pod, CLUSTER_ID: o.clusterId ?? 'Kubernetes', ISTIO_VERSION: o.version ?? 'sextant', ...(o.metadata ?? {}) },
    userAgentName: 'sextant',
    userAgentVersion: o.version ?? '0.1.0',
  };
}
