/**
 * Envoy's `HeaderMatcher` and `QueryParameterMatcher` compiled to predicates, with Envoy's rules
 * for absent headers (`present_match: false`, `treat_missing_header_as_empty`, `invert_match`).
 * `:method` matchers are how Istio expresses method matches.
 */
import type { HeaderMatcher, QueryParameterMatcher } from '../../envoy/types.ts';
import { compileRe2 } from '../common/regex.ts';
import { compileStringMatcher, type StringPredicate } from '../common/string-matcher.ts';
import { ConfigError } from '../config/config-error.ts';
import type { MatchRequest } from './match-request.ts';

export type RequestPredicate = (req: MatchRequest) => boolean;

function valuePredicate(h: HeaderMatcher): { present: boolean | undefined; match: StringPredicate | undefined } {
  const x = h as HeaderMatcher & { suffixMatch?: string; containsMatch?: string; rangeMatch?: { start: string | number; end: string | number } };
  if (x.stringMatch) return { present: undefined, match: compileStringMatcher(x.stringMatch) };
  if (x.exactMatch !== undefined) return { present: undefined, match: (v) => v === x.exactMatch };
  if (x.prefixMatch !== undefined) return { present: undefined, match: (v) => v.startsWith(x.prefixMatch!) };
  if (x.suffixMatch !== undefined) return { present: undefined, match: (v) => v.endsWith(x.suffixMatch!) };
  if (x.containsMatch !== undefined) return { present: undefined, match: (v) => v.includes(x.containsMatch!) };
  if (x.safeRegexMatch) {
    const re = compileRe2(x.safeRegexMatch.regex);
    return { present: undefined, match: (v) => re.fullMatch(v) };
  }
  if (x.rangeMatch) {
    const start = Number(x.rangeMatch.start);
    const end = Number(x.rangeMatch.end);
    return { present: undefined, match: (v) => /^-?\d+$/.test(v) && Number(v) >= start && Number(v) < end };
  }
  if (x.presentMatch !== undefined) return { present: x.presentMatch, match: undefined };
  // No specifier: Envoy treats it as a presence match.
  return { present: true, match: undefined };
}

export function compileHeaderMatcher(h: HeaderMatcher): RequestPredicate {
  if (!h || typeof h.name !== 'string' || h.name === '') throw new ConfigError('header matcher has no name');
  const name = h.name.toLowerCase();
  const invert = h.invertMatch === true;
  const missingAsEmpty = h.treatMissingHeaderAsEmpty === true;
  const { present, match } = valuePredicate(h);
  return (req) => {
    let value = req.header(name);
    if (value === undefined) {
      if (!missingAsEmpty) return invert ? present === true : present === false;
      value = '';
    }
    const result = match ? match(value) : present !== false;
    return invert ? !result : result;
  };
}

export function compileQueryMatcher(q: QueryParameterMatcher): RequestPredicate {
  if (!q || typeof q.name !== 'string' || q.name === '') throw new ConfigError('query parameter matcher has no name');
  const name = q.name;
  if (q.stringMatch) {
    const match = compileStringMatcher(q.stringMatch);
    return (req) => {
      const v = req.queryParam(name);
      return v !== undefined && match(v);
    };
  }
  const want = q.presentMatch !== false;
  return (req) => (req.queryParam(name) !== undefined) === want;
}
