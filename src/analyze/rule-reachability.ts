/**
 * Which VirtualService rules and matches can never be used: rules after a rule without matches,
 * rules whose every match is covered by earlier matches, and single matches covered by an earlier
 * one (match-coverage.ts). Shared by IST0130 (rules) and IST0131 (matches); computed once per
 * analysis.
 */
import type { VirtualService } from '../api/networking/virtual-service.ts';
import type { Resource } from '../api/resource.ts';
import type { AnalysisContext } from './context.ts';
import { httpMatchCovers, l4MatchCovers } from './match-coverage.ts';

export interface UnreachableRule {
  vs: Resource<VirtualService>;
  kind: 'http' | 'tls' | 'tcp';
  rule: number;
  ruleName: string;
  reason: string;
  hint: string;
  holder: unknown;
}

export interface IneffectiveMatch {
  vs: Resource<VirtualService>;
  kind: 'http' | 'tls' | 'tcp';
  rule: number;
  ruleName: string;
  match: string;
  coveredBy: string;
  holder: unknown;
  index: number;
}

export interface Reachability {
  rules: UnreachableRule[];
  matches: IneffectiveMatch[];
}

interface RuleLike {
  name?: string;
  match?: readonly object[];
}

const label = (r: { name?: string }, i: number): string => (r?.name ? JSON.stringify(r.name) : `#${i}`);

function analyzeRules(vs: Resource<VirtualService>, kind: 'http' | 'tls' | 'tcp', rules: readonly RuleLike[], out: Reachability): void {
  const covers = kind === 'http' ? (b: object | undefined, a: object | undefined) => httpMatchCovers(b, a) : (b: object | undefined, a: object | undefined) => l4MatchCovers(b as never, a as never);
  const earlier: { match: object | undefined; rule: number }[] = [];
  let catchAll = -1;
  rules.forEach((rule, i) => {
    const name = label(rule, i);
    const matches = rule?.match ?? [];
    if (catchAll >= 0) {
      const prev = label(rules[catchAll], catchAll);
      const reason = matches.length === 0 ? 'only the last rule can have no matches' : 'route without matches defined before';
      out.rules.push({ vs, kind, rule: i, ruleName: name, reason, hint: `Rule ${prev} has no match and takes every request; move it last, or give it a match.`, holder: rules });
      return;
    }
    const list = matches.length === 0 ? [undefined] : matches;
    const coveredBy = list.map((m) => earlier.find((e) => covers(e.match, m)));
    if (coveredBy.every((c) => c !== undefined)) {
      const by = [...new Set(coveredBy.map((c) => label(rules[c!.rule], c!.rule)))].join(', ');
      out.rules.push({ vs, kind, rule: i, ruleName: name, reason: 'all matches used by prior rules', hint: `Rule ${by} already matches every request this rule matches; move this rule above it or make its matches narrower.`, holder: rules });
    } else {
      coveredBy.forEach((c, j) => {
        if (!c) return;
        out.matches.push({ vs, kind, rule: i, ruleName: name, match: label(list[j] as { name?: string }, j), coveredBy: label(rules[c.rule], c.rule), holder: matches, index: j });
      });
    }
    if (matches.length === 0) catchAll = i;
    for (const m of list) earlier.push({ match: m, rule: i });
  });
}

const cache = new WeakMap<AnalysisContext, Reachability>();

export function reachability(ctx: AnalysisContext): Reachability {
  let r = cache.get(ctx);
  if (r) return r;
  r = { rules: [], matches: [] };
  for (const vs of ctx.byKind<VirtualService>('VirtualService')) {
    const spec = vs.spec ?? {};
    analyzeRules(vs, 'http', (spec.http ?? []) as RuleLike[], r);
    analyzeRules(vs, 'tls', (spec.tls ?? []) as RuleLike[], r);
    analyzeRules(vs, 'tcp', (spec.tcp ?? []) as RuleLike[], r);
  }
  cache.set(ctx, r);
  return r;
}
