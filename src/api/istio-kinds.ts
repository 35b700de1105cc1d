/** Helpers to declare Istio kinds: a `spec` plus an ignored `status`. */
import type { KindInfo } from './kind.ts';
import { any, obj, type ObjectSchema } from './schema.ts';

export const NETWORKING = 'networking.istio.io';
export const SECURITY = 'security.istio.io';
export const TELEMETRY = 'telemetry.istio.io';
export const INSTALL = 'install.istio.io';

const V1_EXISTS = (kind: string, group: string): string => `${group}/v1alpha3 ${kind} is deprecated; use ${group}/v1 (same schema)`;

export function istioKind(group: string, kind: string, plural: string, versions: readonly string[], spec: ObjectSchema, deprecatedVersions?: Record<string, string>): KindInfo {
  return { group, kind, plural, versions, namespaced: true, deprecatedVersions, body: obj({ spec, status: any() }) };
}

/** networking.istio.io kinds served at v1, v1beta1 and v1alpha3 with one schema. */
export function networkingKind(kind: string, plural: string, spec: ObjectSchema): KindInfo {
  return istioKind(NETWORKING, kind, plural, ['v1', 'v1beta1', 'v1alpha3'], spec, { v1alpha3: V1_EXISTS(kind, NETWORKING) });
}
