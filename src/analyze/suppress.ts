/**
 * Suppressions, as istioctl accepts them: `--suppress CODE=Kind ns/name` (istioctl's current
 * origin form) or `CODE=Kind name.ns` (its older form), where the resource part is a glob (`*`
 * any characters, `?` one) — `IST0102=Namespace *`, `IST0101=VirtualService default/*`. The code
 * may be `*` too. Resources can also opt out with the annotation
 * `galley.istio.io/analyze-suppress: "IST0101,IST0132"` (or `*`).
 */
import type { Resource } from '../api/resource.ts';
import type { AnalysisMessage } from './message.ts';
import { messageByCode } from './messages.ts';

export const SUPPRESS_ANNOTATION = 'galley.istio.io/analyze-suppress';

export interface Suppression {
  code: string;
  /** Glob over `Kind ns/name`. */
  resource: string;
}

export class SuppressionError extends Error {}

export function parseSuppression(text: string): { suppression: Suppression; warning?: string } {
  const i = text.indexOf('=');
  if (i <= 0 || i === text.length - 1 || text.indexOf('=', i + 1) >= 0) {
    throw new SuppressionError(`"${text}" is not a valid suppression; use CODE=Kind namespace/name, e.g. "IST0101=VirtualService default/reviews" (wildcards * allowed)`);
  }
  const code = text.slice(0, i).trim().toUpperCase();
  const resource = text.slice(i + 1).trim();
  const suppression = { code, resource };
  if (code !== '*' && !messageByCode(code)) return { suppression, warning: `Supplied message code '${code}' is an unknown message code and will not have any effect.` };
  return { suppression };
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (const c of glob) re += c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
  return new RegExp(`^${re}$`);
}

const compiled = new Map<string, RegExp>();

function glob(pattern: string): RegExp {
  let r = compiled.get(pattern);
  if (!r) compiled.set(pattern, (r = globToRegExp(pattern)));
  return r;
}

/** The names a message's resource answers to: `Kind ns/name` and the older `Kind name.ns`. */
function namesOf(m: AnalysisMessage): string[] {
  const o = m.origin!;
  if (!o.namespace) return [`${o.kind} ${o.name}`];
  return [`${o.kind} ${o.namespace}/${o.name}`, `${o.kind} ${o.name}.${o.namespace}`];
}

export function isSuppressed(m: AnalysisMessage, suppressions: readonly Suppression[], annotations?: Record<string, string>): boolean {
  const ann = annotations?.[SUPPRESS_ANNOTATION];
  if (ann && ann.split(',').some((c) => c.trim() === '*' || c.trim().toUpperCase() === m.code)) return true;
  if (!m.origin) return false;
  for (const s of suppressions) {
    if (s.code !== '*' && s.code !== m.code) continue;
    const re = glob(s.resource);
    if (namesOf(m).some((n) => re.test(n))) return true;
  }
  return false;
}

/** Drops suppressed messages; `resourceOf` finds a message's resource for its annotations. */
export function applySuppressions(messages: readonly AnalysisMessage[], suppressions: readonly Suppression[], resourceOf: (m: AnalysisMessage) => Resource | undefined): AnalysisMessage[] {
  return messages.filter((m) => !isSuppressed(m, suppressions, m.origin ? resourceOf(m)?.metadata.annotations : undefined));
}
