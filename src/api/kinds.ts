/**
 * The kind table: every resource kind Sextant reads, by API group and kind. Unknown kinds are
 * skipped with a warning by the loader, as kubectl does.
 */
import type { KindInfo } from './kind.ts';
import { networkingKind } from './istio-kinds.ts';
import { gatewaySpec } from './networking/gateway.ts';

export const KINDS: readonly KindInfo[] = [networkingKind('Gateway', 'gateways', gatewaySpec)];

const byGroupKind = new Map<string, KindInfo>();
for (const k of KINDS) byGroupKind.set(`${k.group}/${k.kind}`, k);

export function lookupKind(group: string, kind: string): KindInfo | undefined {
  return byGroupKind.get(`${group}/${kind}`);
}

export function kindsNamed(kind: string): KindInfo[] {
  return KINDS.filter((k) => k.kind === kind);
}
