/**
 * Unreachable VirtualService rules, after Istio's analyzeUnreachable{HTTP,TCP,TLS}Rules: a rule
 * after a catch-all rule (one without matches) is never used, and a match identical to an earlier
 * one (ignoring its name) has no effect. These are warnings, as in Istio.
 */
import type { VirtualService } from '../../api/networking/virtual-service.ts';
import type { ValidationContext } from './context.ts';

interface Rule {
  name?: string;
  match?: readonly object[];
}

/** JSON with sorted keys and without `name`, so equal matches compare equal. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) {
    let out = '[';
    // As Array.prototype.join would, an item JSON cannot write (undefined) adds nothing.
    for (let i = 0; i < v.length; i++) out += (i > 0 ? ',' : '') + ((canonical(v[i]) as string | undefined) ?? '');
    return out + ']';
  }
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length > 1) keys.sort();
    let out = '{';
    for (const k of keys) {
      if (k === 'name') continue;
      out += (out.length > 1 ? ',' : '') + JSON.stringify(k) + ':' + canonical((v as Record<string, unknown>)[k]);
    }
    return out + '}';
  }
  return JSON.stringify(v);
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Whether canonical(a) === canonical(b), without writing either out: the same structure and values,
 * keys in any order, `name` ignored. Anything unusual (lists of different lengths, values JSON
 * writes alike though they differ) is settled by comparing canonical() itself.
 */
function sameMatch(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const aObject = a !== null && typeof a === 'object';
  const bObject = b !== null && typeof b === 'object';
  if (aObject !== bObject) return false;
  if (!aObject) {
    if (typeof a === 'string' && typeof b === 'string') return false;
    return JSON.stringify(a) === JSON.stringify(b);
  }
  const aList = Array.isArray(a);
  if (aList !== Array.isArray(b)) return false;
  if (aList) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return canonical(a) === canonical(b);
    for (let i = 0; i < x.length; i++) if (!sameMatch(x[i], y[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const k in x) {
    if (k === 'name' || !hasOwn.call(x, k)) continue;
    if (!hasOwn.call(y, k) || !sameMatch(x[k], y[k])) return false;
    count++;
  }
  for (const k in y) if (k !== 'name' && hasOwn.call(y, k)) count--;
  return count === 0;
}

/** Above this many matches in one VirtualService, matches are compared through canonical() in a Map rather than pairwise. */
const PAIRWISE_MATCHES = 32;

/**
 * Earlier matches, each with the index of its rule: `first(m)` is the rule of the first one equal
 * to `m` (canonical() alike), or undefined (then `m` is added).
 */
class SeenMatches {
  private readonly matches: unknown[] = [];
  private readonly rules: number[] = [];
  private byKey?: Map<string, number>;

  firstOrAdd(m: unknown, rule: number): number | undefined {
    if (this.byKey) return this.keyed(this.byKey, m, rule);
    for (let i = 0; i < this.matches.length; i++) if (sameMatch(this.matches[i], m)) return this.rules[i];
    this.matches.push(m);
    this.rules.push(rule);
    if (this.matches.length > PAIRWISE_MATCHES) {
      const byKey = (this.byKey = new Map<string, number>());
      for (let i = 0; i < this.matches.length; i++) {
        const key = canonical(this.matches[i]);
        if (!byKey.has(key)) byKey.set(key, this.rules[i]);
      }
    }
    return undefined;
  }

  private keyed(byKey: Map<string, number>, m: unknown, rule: number): number | undefined {
    const key = canonical(m);
    const first = byKey.get(key);
    if (first === undefined) byKey.set(key, rule);
    return first;
  }
}

const rulePath = (field: string, i: number): string => `spec.${field}[${i}]`;
const ruleName = (r: Rule, i: number): string => (r.name ? JSON.stringify(r.name) : `#${i}`);
const matchName = (m: { name?: string }, i: number): string => (m.name ? JSON.stringify(m.name) : `#${i}`);

function analyze(ctx: ValidationContext, field: 'http' | 'tls' | 'tcp', rules: readonly Rule[]): void {
  if (rules.length === 0) return;
  const seen = new SeenMatches();
  let catchAll = -1;
  rules.forEach((rule, ri) => {
    const matches = rule.match ?? [];
    if (matches.length === 0) {
      if (catchAll >= 0) ctx.warn(rulePath(field, ri), `virtualService rule ${ruleName(rule, ri)} not used (only the last rule can have no matches)`, rules, ri);
      catchAll = ri;
      return;
    }
    if (catchAll >= 0) {
      ctx.warn(rulePath(field, ri), `virtualService rule ${ruleName(rule, ri)} not used (route without matches defined before); move the rule without matches last`, rules, ri);
      return;
    }
    let duplicates = 0;
    matches.forEach((m, mi) => {
      const first = seen.firstOrAdd(m, ri);
      if (first === undefined) return;
      duplicates++;
      ctx.warn(`${rulePath(field, ri)}.match[${mi}]`, `virtualService rule ${ruleName(rule, ri)} match ${matchName(m, mi)} is not used (duplicate/overlapping match in rule ${ruleName(rules[first], first)})`, matches, mi);
    });
    if (duplicates === matches.length) ctx.warn(rulePath(field, ri), `virtualService rule ${ruleName(rule, ri)} not used (all matches used by prior rules)`, rules, ri);
  });
}

export function analyzeUnreachableRules(ctx: ValidationContext, vs: VirtualService): void {
  analyze(ctx, 'http', vs.http ?? []);
  analyze(ctx, 'tls', (vs.tls ?? []) as Rule[]);
  analyze(ctx, 'tcp', (vs.tcp ?? []) as Rule[]);
}
