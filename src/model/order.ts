/** Istio's configuration precedence without creation timestamps: by name, then namespace (code-point order). */
import type { Resource } from '../api/resource.ts';

export function compareByNameThenNamespace(a: Resource, b: Resource): number {
  const an = a.metadata.name;
  const bn = b.metadata.name;
  if (an !== bn) return an < bn ? -1 : 1;
  const as = a.metadata.namespace;
  const bs = b.metadata.namespace;
  return as === bs ? 0 : as < bs ? -1 : 1;
}

export function sortByNameThenNamespace<T extends Resource>(rs: readonly T[]): T[] {
  return [...rs].sort(compareByNameThenNamespace);
}
