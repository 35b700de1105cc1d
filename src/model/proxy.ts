/**
 * The Proxy model: who is asking for configuration. Built from an xDS node (`id` of the form
 * `router~10.0.0.1~istio-ingressgateway-abc.istio-system~istio-system.svc.cluster.local`, node
 * metadata LABELS / NAMESPACE / CLUSTER_ID / GENERATOR) or, offline, from a workload's labels.
 */
import type { Labels } from '../registry/labels.ts';
import type { Locality } from '../registry/service.ts';

export type ProxyType = 'router' | 'sidecar';

export interface Proxy {
  type: ProxyType;
  /** `pod.namespace` part of the node id. */
  id: string;
  ipAddresses: string[];
  /** The namespace whose configuration applies (Istio's ConfigNamespace). */
  namespace: string;
  labels: Labels;
  /** Node metadata as sent (LABELS, NAMESPACE, CLUSTER_ID, GENERATOR, ...). */
  metadata: Record<string, unknown>;
  dnsDomain: string;
  workloadName?: string;
  serviceAccount?: string;
  locality?: Locality;
  /** `grpc` for proxyless gRPC clients. */
  generator?: string;
}

export interface ParsedNodeId {
  type: ProxyType;
  ipAddress: string;
  id: string;
  dnsDomain: string;
  /** Namespace derived from the id (`pod.ns`) or the domain (`ns.svc.cluster.local`). */
  namespace: string;
}

/** Parses Istio's service node form `TYPE~IP~ID~DOMAIN`; returns an Error when it is not one. */
export function parseProxyNodeId(nodeId: string): ParsedNodeId | Error {
  const parts = nodeId.split('~');
  if (parts.length !== 4) return new Error(`node id "${nodeId}" is not of the form TYPE~IP~POD.NAMESPACE~NAMESPACE.svc.DOMAIN`);
  const [type, ip, id, dnsDomain] = parts;
  if (type !== 'router' && type !== 'sidecar') return new Error(`node id "${nodeId}": type "${type}" is neither router nor sidecar`);
  const idParts = id.split('.');
  const namespace = idParts.length > 1 ? idParts[idParts.length - 1] : (dnsDomain.split('.')[0] ?? '');
  return { type, ipAddress: ip, id, dnsDomain, namespace };
}

export interface NodeInput {
  id: string;
  metadata?: Record<string, unknown>;
  locality?: Locality;
}

/** A Proxy from an xDS node: the id gives type, IP and namespace; metadata refines labels and namespace. */
export function proxyFromNode(node: NodeInput): Proxy | Error {
  const parsed = parseProxyNodeId(node.id);
  if (parsed instanceof Error) return parsed;
  const md = node.metadata ?? {};
  const labels = isStringMap(md.LABELS) ? md.LABELS : {};
  const namespace = typeof md.NAMESPACE === 'string' && md.NAMESPACE ? md.NAMESPACE : parsed.namespace || 'default';
  const ips = typeof md.INSTANCE_IPS === 'string' ? md.INSTANCE_IPS.split(',').filter(Boolean) : [parsed.ipAddress];
  return {
    type: parsed.type,
    id: parsed.id,
    ipAddresses: ips.length > 0 ? ips : [parsed.ipAddress],
    namespace,
    labels,
    metadata: md,
    dnsDomain: parsed.dnsDomain,
    workloadName: typeof md.WORKLOAD_NAME === 'string' ? md.WORKLOAD_NAME : parsed.id.split('.')[0],
    serviceAccount: typeof md.SERVICE_ACCOUNT === 'string' ? md.SERVICE_ACCOUNT : undefined,
    locality: node.locality,
    generator: typeof md.GENERATOR === 'string' ? md.GENERATOR : undefined,
  };
}

/** The node id Istio's agent would send for this proxy. */
export function proxyNodeId(p: Pick<Proxy, 'type' | 'ipAddresses' | 'id' | 'dnsDomain'>): string {
  return `${p.type}~${p.ipAddresses[0] ?? '127.0.0.1'}~${p.id}~${p.dnsDomain}`;
}

export function isProxylessGrpc(p: Proxy): boolean {
  return p.generator === 'grpc';
}

function isStringMap(v: unknown): v is Record<string, string> {
  return !!v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
}
