/**
 * A route's `requestMirrorPolicies` compiled (Envoy's ShadowPolicy): the shadow cluster and the
 * sampled fraction (`runtimeFraction.defaultValue`; absent = every request). A mirrored request
 * goes to its cluster with the authority suffixed `-shadow` (before any port: `a.b:80` →
 * `a.b-shadow:80`), fire-and-forget: its response is discarded and its failure is never seen by
 * the client.
 */
import type { RequestMirrorPolicy } from '../../envoy/types.ts';
import { runtimeFractionOf } from '../common/percent.ts';
import { ConfigError } from '../config/config-error.ts';

export interface CompiledShadow {
  readonly cluster: string;
  readonly fraction: number;
}

export function compileShadowPolicies(list: readonly RequestMirrorPolicy[] | undefined): CompiledShadow[] {
  return (list ?? []).map((m) => {
    if (!m || typeof m.cluster !== 'string' || m.cluster === '') throw new ConfigError('requestMirrorPolicies entry needs a cluster');
    return { cluster: m.cluster, fraction: runtimeFractionOf(m.runtimeFraction, 1) };
  });
}

/** Envoy's shadow host: `-shadow` appended to the host part, the port kept. */
export function shadowAuthority(authority: string): string {
  if (authority.startsWith('[')) {
    const end = authority.indexOf(']');
    if (end > 0) return `${authority.slice(0, end + 1)}-shadow${authority.slice(end + 1)}`;
  }
  const colon = authority.indexOf(':');
  if (colon < 0 || authority.indexOf(':', colon + 1) >= 0) return `${authority}-shadow`;
  return `${authority.slice(0, colon)}-shadow${authority.slice(colon)}`;
}
