/**
 * Output formats of `sextant analyze`, as istioctl prints them: `text` (its "log" format, one
 * message per line), `json` and `yaml` (a list of {code, level, origin, reference, message,
 * documentationUrl}).
 */
import { stringify } from 'yaml';
import { formatMessage, originName, reference, type AnalysisMessage } from './message.ts';

export const OUTPUT_FORMATS = ['text', 'json', 'yaml'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

const DOCS = 'https://istio.io/latest/docs/reference/config/analysis';

export function documentationUrl(code: string): string {
  return code.startsWith('IST') ? `${DOCS}/${code.toLowerCase()}/?ref=sextant-analyze` : `docs/analyze.md#${code.toLowerCase()}`;
}

export function toStructured(m: AnalysisMessage): Record<string, unknown> {
  const out: Record<string, unknown> = { code: m.code, level: m.level };
  if (m.origin) out.origin = originName(m.origin);
  const ref = reference(m);
  if (ref) out.reference = ref;
  out.message = m.message;
  out.documentationUrl = documentationUrl(m.code);
  return out;
}

export function formatMessages(messages: readonly AnalysisMessage[], format: OutputFormat): string {
  if (format === 'json') return JSON.stringify(messages.map(toStructured), null, 2) + '\n';
  if (format === 'yaml') return messages.length === 0 ? '[]\n' : stringify(messages.map(toStructured), { lineWidth: 0 });
  return messages.map((m) => formatMessage(m) + '\n').join('');
}
