/**
 * Who is connected: a ProxyInfo is the model's Proxy (src/model/proxy.ts, built from the xDS node id
 * `router~10.0.0.1~pod.ns~ns.svc.cluster.local` and the metadata Istio's agent sends: LABELS,
 * NAMESPACE, CLUSTER_ID, GENERATOR) plus what the server itself needs: the full node id, the
 * cluster id and the version the proxy reports. The shape key groups proxies that get identical
 * configuration, so a push is generated once per shape and shared.
 */
import type { Node } from '../envoy/types.ts';
import { proxyFromNode, type Proxy } from '../model/proxy.ts';

export interface ProxyInfo extends Proxy {
  /** The xDS node id exactly as sent. */
  nodeId: string;
  /** CLUSTER_ID metadata (Istio's default: `Kubernetes`). */
  clusterId: string;
  /** ISTIO_VERSION metadata, or the user agent (`grpc-node-js 1.14.1`), shown by proxy-status. */
  version: string;
}

/** A ProxyInfo from the node of the first request of a stream; an Error when the id is malformed. */
export function proxyInfoFromNode(node: Node | undefined): ProxyInfo | Error {
  if (!node?.id) return new Error('the first request of a stream must carry node.id');
  const md = (node.metadata ?? {}) as Record<string, unknown>;
  const proxy = proxyFromNode({ id: node.id, metadata: md, locality: node.locality });
  if (proxy instanceof Error) return proxy;
  const clusterId = typeof md.CLUSTER_ID === 'string' && md.CLUSTER_ID ? md.CLUSTER_ID : node.cluster || 'Kubernetes';
  const agent = node.userAgentName ? `${node.userAgentName}${node.userAgentVersion ? ' ' + node.userAgentVersion : ''}` : '';
  const version = typeof md.ISTIO_VERSION === 'string' && md.ISTIO_VERSION ? md.ISTIO_VERSION : agent;
  return { ...proxy, nodeId: node.id, clusterId, version };
}

/**
 * The default shape: what a generator may depend on besides the snapshot — proxy type, namespace,
 * labels, cluster, generator (grpc vs Envoy) and metadata other than identity. Pod name and IP are
 * left out, so a Deployment's replicas share one push; a generator that uses the IP (inbound
 * listeners bound to the pod address) supplies its own shapeKey.
 */
export function defaultShapeKey(p: ProxyInfo): string {
  const labels = Object.keys(p.labels).sort().map((k) => `${k}=${p.labels[k]}`).join(',');
  const skip = new Set(['LABELS', 'NAME', 'POD_NAME', 'INSTANCE_IPS', 'WORKLOAD_NAME', 'ISTIO_VERSION', 'PLATFORM_METADATA', 'ENVOY_PROMETHEUS_PORT', 'ENVOY_STATUS_PORT']);
  const meta = Object.keys(p.metadata).filter((k) => !skip.has(k)).sort().map((k) => `${k}=${JSON.stringify(p.metadata[k])}`).join(',');
  return [p.type, p.namespace, p.clusterId, p.generator ?? '', labels, meta, p.dnsDomain].join('|');
}
