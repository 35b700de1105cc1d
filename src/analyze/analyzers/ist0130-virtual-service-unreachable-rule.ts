/**
 * IST0130 VirtualServiceUnreachableRule: a VirtualService rule that never takes a request — it
 * comes after a rule without matches, or earlier rules already match everything it matches
 * (rule-reachability.ts).
 */
import type { Analyzer } from '../analyzer.ts';
import { MSG } from '../messages.ts';
import { reachability } from '../rule-reachability.ts';

export const unreachableRule: Analyzer = {
  name: 'virtualservice.UnreachableRuleAnalyzer',
  description: 'Checks for VirtualService rules that earlier rules make unreachable',
  messages: [MSG.VirtualServiceUnreachableRule],
  analyze(ctx) {
    for (const u of reachability(ctx).rules) {
      ctx.report(MSG.VirtualServiceUnreachableRule, u.vs, [u.ruleName, u.reason], { hint: u.hint, at: { holder: u.holder, key: u.rule }, path: `spec.${u.kind}[${u.rule}]` });
    }
  },
};
