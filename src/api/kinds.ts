/**
 * The kind table: every resource kind Sextant reads, by API group and kind. Each API group
 * declares its kinds in its own folder's index.ts. Unknown kinds are skipped with a warning by
 * the loader, as kubectl does.
 */
import type { KindInfo } from './kind.ts';
import { INSTALL_KINDS } from './install/index.ts';
import { KUBERNETES_KINDS } from './kubernetes/index.ts';
import { NETWORKING_KINDS } from './networking/index.ts';
import { SECURITY_KINDS } from './security/index.ts';
import { TELEMETRY_KINDS } from './telemetry/index.ts';

export const KINDS: readonly KindInfo[] = [...NETWORKING_KINDS, ...SECURITY_KINDS, ...TELEMETRY_KINDS, ...INSTALL_KINDS, ...KUBERNETES_KINDS];

/** Group → kind → KindInfo (two lookups of short strings instead of building a `group/kind` key each time). */
const byGroupKind = new Map<string, Map<string, KindInfo>>();
for (const k of KINDS) {
  let kinds = byGroupKind.get(k.group);
  if (!kinds) byGroupKind.set(k.group, (kinds = new Map()));
  kinds.set(k.kind, k);
}

export function lookupKind(group: string, kind: string): KindInfo | undefined {
  return byGroupKind.get(group)?.get(kind);
}

export function kindsNamed(kind: string): KindInfo[] {
  return KINDS.filter((k) => k.kind === kind);
}
