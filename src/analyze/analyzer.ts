/**
 * The analyzer interface: a named check over the whole configuration that reports messages of the
 * codes it declares through the context. Analyzers never throw on odd input; the runner turns an
 * exception into IST0001-style internal error text instead of losing the other analyzers' output.
 */
import type { AnalysisContext } from './context.ts';
import type { MessageType } from './messages.ts';

export interface Analyzer {
  /** `<area>.<Name>`, like Istio's analyzer names (`virtualservice.GatewayAnalyzer`). */
  readonly name: string;
  readonly description: string;
  /** The message types it may report. */
  readonly messages: readonly MessageType[];
  analyze(ctx: AnalysisContext): void;
}
