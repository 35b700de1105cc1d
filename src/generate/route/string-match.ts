/** Istio StringMatch → Envoy StringMatcher / HeaderMatcher / QueryParameterMatcher (Istio's ConvertToEnvoyMatch). */
import type { HeaderMatcher, QueryParameterMatcher, StringMatcher } from '../../envoy/types.ts';
import type { StringMatch } from '../../model/api-types.ts';

export function toStringMatcher(m: StringMatch | undefined): StringMatcher | undefined {
  if (!m) return undefined;
  if (m.exact !== undefined) return { exact: m.exact };
  if (m.prefix !== undefined) return { prefix: m.prefix };
  if (m.regex !== undefined) return { safeRegex: { regex: m.regex } };
  return undefined;
}

/** An empty match, or the regex `*`, means "present" (Istio's canBeConvertedToPresentMatch). */
export function isPresentMatch(m: StringMatch | undefined): boolean {
  return !m || (m.exact === undefined && m.prefix === undefined && m.regex === undefined) || m.regex === '*';
}

export function toHeaderMatcher(name: string, m: StringMatch | undefined): HeaderMatcher {
  if (isPresentMatch(m)) return { name, presentMatch: true };
  const sm = toStringMatcher(m);
  return sm ? { name, stringMatch: sm } : { name };
}

export function toQueryParameterMatcher(name: string, m: StringMatch | undefined): QueryParameterMatcher {
  if (isPresentMatch(m)) return { name, presentMatch: true };
  const sm = toStringMatcher(m);
  return sm ? { name, stringMatch: sm } : { name };
}
