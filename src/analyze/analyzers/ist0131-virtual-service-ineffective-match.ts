/**
 * IST0131 VirtualServiceIneffectiveMatch: one match of a rule that an earlier rule's match
 * already covers (the rule itself still takes requests through its other matches).
 */
import type { Analyzer } from '../analyzer.ts';
import { MSG } from '../messages.ts';
import { reachability } from '../rule-reachability.ts';

export const ineffectiveMatch: Analyzer = {
  name: 'virtualservice.IneffectiveMatchAnalyzer',
  description: 'Checks for VirtualService matches that an earlier rule already covers',
  messages: [MSG.VirtualServiceIneffectiveMatch],
  analyze(ctx) {
    for (const m of reachability(ctx).matches) {
      ctx.report(MSG.VirtualServiceIneffectiveMatch, m.vs, [m.ruleName, m.match, m.coveredBy], {
        hint: `Rule ${m.coveredBy} takes these requests first; remove this match or move rule ${m.ruleName} above rule ${m.coveredBy}.`,
        at: { holder: m.holder, key: m.index },
        path: `spec.${m.kind}[${m.rule}].match[${m.index}]`,
      });
    }
  },
};
