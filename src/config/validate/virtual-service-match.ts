/**
 * VirtualService HTTP match rules (HTTPMatchRequest and StringMatch), after Istio's
 * validateHTTPRouteMatchRequest: header names, string matches (non-empty prefix, RE2 regexes of
 * at most 1024 characters), ports, source labels, gateways and source namespaces.
 */
import type { HTTPMatchRequest, StringMatch } from '../../api/networking/virtual-service.ts';
import type { ValidationContext } from './context.ts';
import { isDNS1123Label } from './rules/hosts.ts';
import { isLowerCaseHeaderName, validateMatchHeaderName } from './rules/http.ts';
import { labelProblems, validatePort, validateRegex } from './rules/values.ts';
import { checkGatewayNames } from './virtual-service-common.ts';

const RE2_HINT = 'Istio uses RE2 style regex-based match (https://github.com/google/re2/wiki/Syntax)';
export const MAX_REGEX_LENGTH = 1024;

/** A regex used by a match or rewrite: at most 1024 characters and valid RE2. */
export function regexProblem(re: string, where: string): string | undefined {
  if (re.length > MAX_REGEX_LENGTH) return `"${where}": regex is too large, max length allowed is ${MAX_REGEX_LENGTH}`;
  const e = validateRegex(re);
  return e ? `"${where}": ${e}; ${RE2_HINT}` : undefined;
}

/** Istio's validateStringMatchRegexp: only the regex, which must not be empty. */
function stringMatchRegexProblem(sm: StringMatch, where: string): string | undefined {
  if (sm.regex === undefined) return undefined;
  if (sm.regex === '') return `"${where}": regex string match should not be empty`;
  return regexProblem(sm.regex, where);
}

/** Istio's validateStringMatch: a prefix must not be empty, a regex must compile. */
function stringMatchProblem(sm: StringMatch, where: string): string | undefined {
  if (sm.prefix === '') return `"${where}": prefix string match should not be empty; omit the match to match everything`;
  return stringMatchRegexProblem(sm, where);
}

function isEmptyStringMatch(sm: StringMatch): boolean {
  return sm.exact === undefined && sm.prefix === undefined && sm.regex === undefined;
}

function checkStringMatch(ctx: ValidationContext, path: string, m: HTTPMatchRequest, field: 'uri' | 'scheme' | 'method' | 'authority'): void {
  const sm = m[field];
  if (!sm) return;
  if (isEmptyStringMatch(sm)) {
    ctx.error(`${path}.${field}`, `"${field}" match must set exactly one of exact, prefix or regex`, m, field);
    return;
  }
  const e = field === 'uri' ? stringMatchRegexProblem(sm, field) : stringMatchProblem(sm, field);
  if (e) ctx.error(`${path}.${field}`, e, m, field);
}

function checkHeaderMatches(ctx: ValidationContext, path: string, m: HTTPMatchRequest): void {
  if (m.headers) checkHeaderMatchMap(ctx, path, 'headers', m.headers);
  if (m.withoutHeaders) checkHeaderMatchMap(ctx, path, 'withoutHeaders', m.withoutHeaders);
}

function checkHeaderMatchMap(ctx: ValidationContext, path: string, field: 'headers' | 'withoutHeaders', headers: Record<string, StringMatch>): void {
  for (const name of Object.keys(headers)) {
    const sm = headers[name];
    const e = validateMatchHeaderName(name);
    if (e) ctx.error(`${path}.${field}.${name}`, e, headers, name);
    else if (!isLowerCaseHeaderName(name)) ctx.warn(`${path}.${field}.${name}`, `header names are case-insensitive and matched in lower case; write "${name.toLowerCase()}"`, headers, name);
    if (field === 'withoutHeaders' && sm.regex === '*') continue;
    const se = stringMatchProblem(sm, field);
    if (se) ctx.error(`${path}.${field}.${name}`, se, headers, name);
  }
}

function checkSelectors(ctx: ValidationContext, path: string, m: HTTPMatchRequest): void {
  if (m.port !== undefined && m.port !== 0) {
    const e = validatePort(m.port);
    if (e) ctx.error(`${path}.port`, e, m, 'port');
  }
  if (m.sourceLabels) for (const [k, e] of labelProblems(m.sourceLabels)) ctx.error(`${path}.sourceLabels.${k}`, e, m.sourceLabels, k);
  if (m.gateways) checkGatewayNames(ctx, `${path}.gateways`, m.gateways);
  if (m.sourceNamespace !== undefined && m.sourceNamespace !== '' && !isDNS1123Label(m.sourceNamespace)) {
    ctx.error(`${path}.sourceNamespace`, `sourceNamespace match ${m.sourceNamespace} is invalid; use a namespace name`, m, 'sourceNamespace');
  }
}

export function validateHTTPMatchRequest(ctx: ValidationContext, path: string, m: HTTPMatchRequest): void {
  checkHeaderMatches(ctx, path, m);
  checkStringMatch(ctx, path, m, 'uri');
  checkStringMatch(ctx, path, m, 'scheme');
  checkStringMatch(ctx, path, m, 'method');
  checkStringMatch(ctx, path, m, 'authority');
  const params = m.queryParams;
  if (params) {
    for (const name of Object.keys(params)) {
      const e = stringMatchProblem(params[name], 'queryParams');
      if (e) ctx.error(`${path}.queryParams.${name}`, e, params, name);
    }
  }
  checkSelectors(ctx, path, m);
}

/** Checks a CORS allowOrigins entry: some non-empty match, and a regex that compiles. */
export function allowOriginProblem(sm: StringMatch): string | undefined {
  const v = sm.exact ?? sm.prefix ?? sm.regex ?? '';
  if (v === '') return `'${v}' is not a valid match type for CORS allow origins; set exact, prefix or regex to a non-empty origin`;
  return stringMatchRegexProblem(sm, 'corsPolicy.allowOrigins');
}
