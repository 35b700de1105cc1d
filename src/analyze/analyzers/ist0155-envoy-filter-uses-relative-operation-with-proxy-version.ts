/**
 * IST0155 EnvoyFilterUsesRelativeOperationWithProxyVersion: IST0151's relative patch without
 * priority, on a filter that another EnvoyFilter pins to a proxyVersion — during an upgrade the
 * pinned filter disappears from new proxies and this patch silently stops applying.
 */
import { envoyFilterAnalyzer } from '../envoy-filter-operations.ts';
import { MSG } from '../messages.ts';

export const envoyFilterRelativeWithProxyVersion = envoyFilterAnalyzer(
  'envoyfilter.RelativeOperationProxyVersionAnalyzer',
  'relativeWithProxyVersion',
  MSG.EnvoyFilterUsesRelativeOperationWithProxyVersion,
  (f) => `Patch ${f.index} uses ${f.patch.patch?.operation} relative to a filter another EnvoyFilter adds only for one proxyVersion; set spec.priority so that it runs after that EnvoyFilter, or use INSERT_FIRST / ADD.`,
);
