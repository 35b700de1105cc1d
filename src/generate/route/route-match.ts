/**
 * HTTPMatchRequest → Envoy RouteMatch (Istio's TranslateRouteMatch): uri exact/prefix/regex,
 * headers and withoutHeaders (inverted) sorted by name, then `:method`, `:authority` and
 * `:scheme` pseudo-headers, query parameters, and `caseSensitive: false` for ignoreUriCase.
 * No match is the catch-all prefix `/`.
 */
import type { HeaderMatcher, Route, RouteMatch } from '../../envoy/types.ts';
import type { HTTPMatchRequest } from '../../model/api-types.ts';
import { isPresentMatch, toHeaderMatcher, toQueryParameterMatcher } from './string-match.ts';

export function translateRouteMatch(m: HTTPMatchRequest | undefined): RouteMatch {
  if (!m) return { prefix: '/' };
  const out: RouteMatch = {};
  const headers: HeaderMatcher[] = [];
  for (const [name, sm] of Object.entries(m.headers ?? {})) headers.push(toHeaderMatcher(name, sm));
  for (const [name, sm] of Object.entries(m.withoutHeaders ?? {})) {
    const h: HeaderMatcher = { ...toHeaderMatcher(name, sm), invertMatch: true };
    if (!isPresentMatch(sm)) h.treatMissingHeaderAsEmpty = true;
    headers.push(h);
  }
  headers.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (m.uri?.exact !== undefined) out.path = m.uri.exact;
  else if (m.uri?.prefix !== undefined) out.prefix = m.uri.prefix;
  else if (m.uri?.regex !== undefined) out.safeRegex = { regex: m.uri.regex };
  else out.prefix = '/';
  if (m.ignoreUriCase) out.caseSensitive = false;
  if (m.method) headers.push(toHeaderMatcher(':method', m.method));
  if (m.authority) headers.push(toHeaderMatcher(':authority', m.authority));
  if (m.scheme) headers.push(toHeaderMatcher(':scheme', m.scheme));
  if (headers.length > 0) out.headers = headers;
  const qp = Object.entries(m.queryParams ?? {}).map(([name, sm]) => toQueryParameterMatcher(name, sm));
  if (qp.length > 0) out.queryParameters = qp;
  return out;
}

/** A route that matches every request (Istio's IsCatchAllRoute). */
export function isCatchAllRoute(r: Route): boolean {
  const m = r.match;
  const pathAll = m.prefix === '/' || m.pathSeparatedPrefix === '/' || m.safeRegex?.regex === '.*';
  return pathAll && !m.headers?.length && !m.queryParameters?.length;
}

/** Moves catch-all routes to the end, keeping the order of the rest (Istio's SortVHostRoutes). */
export function sortVirtualHostRoutes(routes: readonly Route[]): Route[] {
  return [...routes.filter((r) => !isCatchAllRoute(r)), ...routes.filter(isCatchAllRoute)];
}
