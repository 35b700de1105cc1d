/**
 * The translation the `discovery` command serves: config resources → MeshSnapshot (src/model) →
 * per-proxy Envoy resources (src/generate's `generateProxyResources`).
 */
import type { Resource } from '../../api/resource.ts';
import type { Translation } from '../../discovery/snapshot-generator.ts';
import { generateProxyResources } from '../../generate/index.ts';
import { buildSnapshot, type MeshSnapshot } from '../../model/snapshot.ts';

export function meshTranslation(): Translation<MeshSnapshot> {
  return { build: (resources: readonly Resource[]) => buildSnapshot(resources), generate: (proxy, snapshot) => generateProxyResources(proxy, snapshot) };
}
