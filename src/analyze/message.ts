/**
 * One analysis finding: its message type (code, name, level), the rendered text, the resource it
 * is about (istioctl's "origin", `Kind namespace/name`) and where in which file. Also the
 * ordering and de-duplication istioctl applies before printing.
 */
import { levelOrder, type Level } from './messages.ts';

export interface Origin {
  kind: string;
  /** '' for cluster-scoped resources. */
  namespace: string;
  name: string;
}

export interface AnalysisMessage {
  code: string;
  /** Istio's (or Sextant's) message name, e.g. ReferencedResourceNotFound. */
  name: string;
  level: Level;
  /** The rendered template followed by what to change. */
  message: string;
  origin?: Origin;
  file?: string;
  line?: number;
  /** Dotted field path inside the resource the message points at. */
  path?: string;
}

/** `Kind namespace/name` (istioctl's FriendlyName). */
export function originName(o: Origin): string {
  return o.namespace ? `${o.kind} ${o.namespace}/${o.name}` : `${o.kind} ${o.name}`;
}

/** `FILE:LINE`, or the file alone, or ''. */
export function reference(m: Pick<AnalysisMessage, 'file' | 'line'>): string {
  if (!m.file) return '';
  return m.line ? `${m.file}:${m.line}` : m.file;
}

/** `Error [IST0101] (VirtualService default/reviews file.yaml:12) message` — istioctl's log format. */
export function formatMessage(m: AnalysisMessage): string {
  const ref = reference(m);
  let where = '';
  if (m.origin) where = ` (${originName(m.origin)}${ref ? ' ' + ref : ''})`;
  else if (ref) where = ` (${ref})`;
  return `${m.level} [${m.code}]${where} ${m.message}`;
}

function comparator(o: Origin | undefined): string {
  return o ? `${o.kind}/${o.name}/${o.namespace}` : '';
}

/** istioctl's order: level, code, resource (kind/name/namespace), then text; exact duplicates dropped. */
export function sortAndDedupe(messages: readonly AnalysisMessage[]): AnalysisMessage[] {
  const keyed = messages.map((m) => ({ m, text: formatMessage(m), origin: comparator(m.origin) }));
  keyed.sort(
    (a, b) =>
      levelOrder(a.m.level) - levelOrder(b.m.level) ||
      cmp(a.m.code, b.m.code) ||
      Number(!!a.m.origin) - Number(!!b.m.origin) ||
      cmp(a.origin, b.origin) ||
      (a.m.line ?? 0) - (b.m.line ?? 0) ||
      cmp(a.text, b.text),
  );
  const out: AnalysisMessage[] = [];
  let last = '';
  for (const k of keyed) {
    if (k.text === last) continue;
    out.push(k.m);
    last = k.text;
  }
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
