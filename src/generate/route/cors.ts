/**
 * VirtualService `corsPolicy` → envoy.filters.http.cors per-route CorsPolicy (Istio's
 * TranslateCORSPolicy): origins as string matchers, methods/headers comma-joined, maxAge in
 * seconds, always enabled, and preflights that match no origin forwarded unless
 * `unmatchedPreflights: IGNORE`.
 */
import { parseDuration } from '../../common/duration.ts';
import type { CorsPolicy as EnvoyCors, StringMatcher } from '../../envoy/types.ts';
import { TYPE_URL } from '../../envoy/type-urls.ts';
import type { CorsPolicy } from '../../model/api-types.ts';
import { toStringMatcher } from './string-match.ts';

export function translateCors(c: CorsPolicy | undefined): (EnvoyCors & { '@type': string }) | undefined {
  if (!c) return undefined;
  const out: EnvoyCors & { '@type': string } = { '@type': TYPE_URL.corsPolicy };
  let origins: StringMatcher[] | undefined;
  if (c.allowOrigins) origins = c.allowOrigins.map(toStringMatcher).filter((m): m is StringMatcher => !!m);
  else if (c.allowOrigin) origins = c.allowOrigin.map((o) => ({ exact: o }));
  if (origins && origins.length > 0) out.allowOriginStringMatch = origins;
  if (c.allowMethods?.length) out.allowMethods = c.allowMethods.join(',');
  if (c.allowHeaders?.length) out.allowHeaders = c.allowHeaders.join(',');
  if (c.exposeHeaders?.length) out.exposeHeaders = c.exposeHeaders.join(',');
  if (c.maxAge) {
    const ms = parseDuration(c.maxAge);
    if (ms !== undefined) out.maxAge = String(Math.floor(ms / 1000));
  }
  if (c.allowCredentials !== undefined) out.allowCredentials = c.allowCredentials;
  out.filterEnabled = { defaultValue: { numerator: 100, denominator: 'HUNDRED' } };
  out.forwardNotMatchingPreflights = c.unmatchedPreflights !== 'IGNORE';
  return out;
}
