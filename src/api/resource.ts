/**
 * A decoded, validated configuration resource: identity (group/version/kind, namespace, name),
 * its `spec` (for Istio kinds) or whole `body` (for Kubernetes kinds), and where it came from.
 */

export interface SourceRef {
  file: string;
  line: number;
  col: number;
  /** 0-based document index inside the file. */
  index: number;
}

export interface Metadata {
  name: string;
  /** '' for cluster-scoped kinds. */
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  generation?: number;
  resourceVersion?: string;
  uid?: string;
}

export interface Resource<Spec = any> {
  apiVersion: string;
  group: string;
  version: string;
  kind: string;
  metadata: Metadata;
  /** `spec` of the object, or `{}` when the kind has none or it is absent. */
  spec: Spec;
  /** Every top-level field other than apiVersion, kind and metadata (spec, status, data, ...). */
  body: Record<string, any>;
  source: SourceRef;
}

/** `Kind/namespace/name`: unique within a configuration. */
export function resourceKey(r: Pick<Resource, 'kind' | 'metadata'>): string {
  return `${r.kind}/${r.metadata.namespace}/${r.metadata.name}`;
}

/** `namespace/name` (or `name` for cluster-scoped kinds), as kubectl prints it. */
export function displayName(r: Pick<Resource, 'metadata'>): string {
  return r.metadata.namespace ? `${r.metadata.namespace}/${r.metadata.name}` : r.metadata.name;
}

export function formatSource(s: SourceRef): string {
  return `${s.file}:${s.line}`;
}
