/**
 * Whether one VirtualService match covers another: every request the later match accepts is
 * already accepted by the earlier one, so the later never wins (first match wins in Envoy). This
 * goes beyond identical matches: `prefix: /` covers `prefix: /api`, a regex covers an exact value
 * it fully matches, fewer header conditions cover more, `gateways: [a, b]` covers `gateways: [a]`.
 * Anything it does not understand must be identical to count as covered, so it never claims a
 * reachable rule is unreachable.
 */
import { RE2JS } from 're2js';
import type { HTTPMatchRequest, StringMatch } from '../api/networking/virtual-service.ts';

type Json = Record<string, unknown>;

/** JSON with sorted keys and without `name` / `statPrefix`, for equality. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v).filter((k) => k !== 'name' && k !== 'statPrefix' && (v as Json)[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((v as Json)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

const compiled = new Map<string, RE2JS | null>();

function regexMatches(pattern: string, s: string, ignoreCase: boolean): boolean {
  const key = `${ignoreCase ? 'i' : 's'}:${pattern}`;
  let re = compiled.get(key);
  if (re === undefined) {
    try {
      re = RE2JS.compile(pattern, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
    } catch {
      re = null;
    }
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(key, re);
  }
  return re !== null && re.matches(s);
}

/** Every value `a` accepts is accepted by `b`. Undefined means "no condition". */
export function stringCovers(b: StringMatch | undefined, a: StringMatch | undefined, ignoreCase = false, isPath = false): boolean {
  if (!b || (b.exact === undefined && b.prefix === undefined && b.regex === undefined)) return true;
  // Every request path starts with '/', so `prefix: /` is as universal as no condition.
  if (b.prefix === '' || (isPath && b.prefix === '/') || b.regex === '.*') return true;
  if (!a) return false;
  const norm = (s: string): string => (ignoreCase ? s.toLowerCase() : s);
  if (b.exact !== undefined) return a.exact !== undefined && norm(a.exact) === norm(b.exact);
  if (b.prefix !== undefined) {
    const p = norm(b.prefix);
    if (a.exact !== undefined) return norm(a.exact).startsWith(p);
    if (a.prefix !== undefined) return norm(a.prefix).startsWith(p);
    return false;
  }
  if (a.regex !== undefined) return a.regex === b.regex;
  if (a.exact !== undefined) return regexMatches(b.regex!, a.exact, ignoreCase);
  return false;
}

function mapCovers(b: Record<string, StringMatch> | undefined, a: Record<string, StringMatch> | undefined): boolean {
  for (const [k, cond] of Object.entries(b ?? {})) {
    const other = a?.[k];
    if (!other) return false;
    if (!stringCovers(cond, other)) return false;
  }
  return true;
}

/** `withoutHeaders`: b excludes less than a (each of b's exclusions is implied by one of a's). */
function withoutCovers(b: Record<string, StringMatch> | undefined, a: Record<string, StringMatch> | undefined): boolean {
  for (const [k, cond] of Object.entries(b ?? {})) {
    const other = a?.[k];
    if (!other || !stringCovers(other, cond)) return false;
  }
  return true;
}

const KNOWN = new Set(['name', 'statPrefix', 'uri', 'scheme', 'method', 'authority', 'headers', 'queryParams', 'withoutHeaders', 'ignoreUriCase', 'port', 'sourceLabels', 'gateways', 'sourceNamespace']);

/** True when every request matching HTTP match `a` also matches `b` (undefined = matches all). */
export function httpMatchCovers(b: HTTPMatchRequest | undefined, a: HTTPMatchRequest | undefined): boolean {
  if (!b) return true;
  if (!a) return canonical(b) === '{}';
  for (const k of Object.keys(b)) if (!KNOWN.has(k) && canonical((b as Json)[k]) !== canonical((a as Json)[k])) return false;
  for (const k of Object.keys(a)) if (!KNOWN.has(k) && (b as Json)[k] === undefined && (a as Json)[k] !== undefined) return false;
  if (b.uri && a.ignoreUriCase && !b.ignoreUriCase) return false;
  if (!stringCovers(b.uri, a.uri, b.ignoreUriCase === true, true)) return false;
  if (!stringCovers(b.scheme, a.scheme) || !stringCovers(b.method, a.method) || !stringCovers(b.authority, a.authority)) return false;
  if (!mapCovers(b.headers, a.headers) || !mapCovers(b.queryParams, a.queryParams) || !withoutCovers(b.withoutHeaders, a.withoutHeaders)) return false;
  if (b.port && b.port !== a.port) return false;
  if (b.sourceNamespace && b.sourceNamespace !== a.sourceNamespace) return false;
  for (const [k, v] of Object.entries(b.sourceLabels ?? {})) if (a.sourceLabels?.[k] !== v) return false;
  if (b.gateways && b.gateways.length > 0) {
    if (!a.gateways || a.gateways.length === 0 || !a.gateways.every((g) => b.gateways!.includes(g))) return false;
  }
  return true;
}

/** For tls/tcp matches: identical conditions, or `b` lists a superset of `a`'s SNI hosts with the rest equal. */
export function l4MatchCovers(b: Json | undefined, a: Json | undefined): boolean {
  if (!b || canonical(b) === '{}') return true;
  if (!a) return false;
  if (canonical(b) === canonical(a)) return true;
  const bs = b.sniHosts as string[] | undefined;
  const as = a.sniHosts as string[] | undefined;
  if (!bs || !as) return false;
  const rest = (x: Json): string => canonical({ ...x, sniHosts: undefined });
  return rest(b) === rest(a) && as.every((h) => bs.includes(h));
}
