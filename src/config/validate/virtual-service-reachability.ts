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

const ruleName = (r: Rule, i: number): string => (r.name ? JSON.stringify(r.name) : `#${i}`);
const matchName = (m: { name?: string }, i: number): string => (m.name ? JSON.stringify(m.name) : `#${i}`);

function analyze(ctx: ValidationContext, field: 'http' | 'tls' | 'tcp', rules: readonly Rule[]): void {
  const seen = new Map<string, number>();
  let catchAll = -1;
  rules.forEach((rule, ri) => {
    const path = `spec.${field}[${ri}]`;
    const matches = rule.match ?? [];
    if (matches.length === 0) {
      if (catchAll >= 0) ctx.warn(path, `virtualService rule ${ruleName(rule, ri)} not used (only the last rule can have no matches)`, rules, ri);
      catchAll = ri;
      return;
    }
    if (catchAll >= 0) {
      ctx.warn(path, `virtualService rule ${ruleName(rule, ri)} not used (route without matches defined before); move the rule without matches last`, rules, ri);
      return;
    }
    let duplicates = 0;
    matches.forEach((m, mi) => {
      const key = canonical(m);
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, ri);
        return;
      }
      duplicates++;
      ctx.warn(`${path}.match[${mi}]`, `virtualService rule ${ruleName(rule, ri)} match ${matchName(m, mi)} is not used (duplicate/overlapping match in rule ${ruleName(rules[first], first)})`, matches, mi);
    });
    if (duplicates === matches.length) ctx.warn(path, `virtualService rule ${ruleName(rule, ri)} not used (all matches used by prior rules)`, rules, ri);
  });
}

export function analyzeUnreachableRules(ctx: ValidationContext, vs: VirtualService): void {
  analyze(ctx, 'http', vs.http ?? []);
  analyze(ctx, 'tls', (vs.tls ?? []) as Rule[]);
  analyze(ctx, 'tcp', (vs.tcp ?? []) as Rule[]);
}
