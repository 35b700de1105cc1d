/**
 * IST0106 SchemaValidationError, IST0133 SchemaWarning and IST0002 Deprecated: the loader's own
 * diagnostics (strict decoding, schemas, Istio's admission rules) turned into analysis messages,
 * so one `sextant analyze` run reports everything `sextant validate` would. A resource with an
 * error is left out of the other analyzers' input, as Istio never sees an object the API server
 * rejected. Unreachable-rule warnings are left to IST0130/IST0131, which report them with codes.
 */
import type { Diagnostic } from '../../config/diagnostic.ts';
import type { Analyzer } from '../analyzer.ts';
import type { AnalysisMessage } from '../message.ts';
import { formatTemplate, MSG, type MessageType } from '../messages.ts';

const REACHABILITY = /^virtualService rule .*(not used|is not used)/;

function typeOf(d: Diagnostic): MessageType | undefined {
  if (d.severity === 'Error') return MSG.SchemaValidationError;
  if (d.severity !== 'Warning') return undefined;
  if (d.kind === 'VirtualService' && REACHABILITY.test(d.message)) return undefined;
  if (d.path === 'apiVersion' || /\bdeprecated\b/i.test(d.message)) return MSG.Deprecated;
  return MSG.SchemaWarning;
}

export function diagnosticToMessage(d: Diagnostic): AnalysisMessage | undefined {
  const type = typeOf(d);
  if (!type) return undefined;
  const detail = d.path && type !== MSG.Deprecated && !d.message.includes(d.path) ? `${d.path}: ${d.message}` : d.message;
  const m: AnalysisMessage = { code: type.code, name: type.name, level: type.level, message: formatTemplate(type.template, [detail]) };
  if (d.kind && d.name) m.origin = { kind: d.kind, namespace: d.namespace ?? '', name: d.name };
  if (d.file) m.file = d.file;
  if (d.line) m.line = d.line;
  if (d.path) m.path = d.path;
  return m;
}

export const schemaValidation: Analyzer = {
  name: 'schema.ValidationAnalyzer',
  description: 'Reports decoding, schema and admission-rule problems found while loading the configuration',
  messages: [MSG.SchemaValidationError, MSG.SchemaWarning, MSG.Deprecated],
  analyze(ctx) {
    for (const d of ctx.diagnostics) {
      const m = diagnosticToMessage(d);
      if (m) ctx.messages.push(m);
    }
  },
};
