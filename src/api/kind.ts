/** The description of one resource kind: API group, versions, scope and schema of its body. */
import type { ObjectSchema } from './schema.ts';

export interface KindInfo {
  group: string; // '' for the Kubernetes core group
  kind: string;
  plural: string;
  /** Served versions, preferred first. */
  versions: readonly string[];
  /** version → warning text for versions that work but should be replaced. */
  deprecatedVersions?: Readonly<Record<string, string>>;
  namespaced: boolean;
  /** Schema of the top-level fields other than apiVersion, kind and metadata. */
  body: ObjectSchema;
}

export function apiVersionOf(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.lastIndexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}
