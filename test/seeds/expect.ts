/**
 * The vocabulary of the seed verdict tables: a fixture's expected verdict is the number of resources
 * that load plus the exact diagnostics (severity, line, column, message pattern). `optional` marks a
 * diagnostic that Istio would also report but that our staged pipeline may legitimately omit (semantic
 * rules do not run on a resource whose schema check already failed, as Istio's webhook never sees an
 * object the CRD schema rejected); optional ones are matched by severity and message only.
 */
import type { Diagnostic } from '../../src/config/diagnostic.ts';

export interface Expected {
  severity: 'Error' | 'Warning';
  line: number;
  col: number;
  message: string | RegExp;
  optional?: boolean;
}

export interface Verdict {
  /** Resources that load (pass validation). */
  resources: number;
  diagnostics: Expected[];
  /** Why, in Istio's terms. */
  why: string;
}

export const E = (line: number, col: number, message: string | RegExp): Expected => ({ severity: 'Error', line, col, message });
export const W = (line: number, col: number, message: string | RegExp): Expected => ({ severity: 'Warning', line, col, message });
export const optional = (d: Expected): Expected => ({ ...d, optional: true });

/** networking.istio.io/v1alpha3 is still served, but v1 has the same schema: a warning on apiVersion. */
export const V1ALPHA3 = (line: number): Expected => W(line, 1, /v1alpha3.*deprecated|deprecated.*v1alpha3/);

/** A valid fixture: `resources` resources load and only the listed warnings appear. */
export const valid = (resources: number, why: string, ...warnings: Expected[]): Verdict => ({ resources, diagnostics: warnings, why });
export const invalid = (resources: number, why: string, ...diagnostics: Expected[]): Verdict => ({ resources, diagnostics, why });

function matches(d: Diagnostic, e: Expected, withPosition: boolean): boolean {
  if (d.severity !== e.severity) return false;
  if (withPosition && (d.line !== e.line || d.col !== e.col)) return false;
  return typeof e.message === 'string' ? d.message.includes(e.message) : e.message.test(d.message);
}

const show = (d: Pick<Diagnostic, 'severity' | 'line' | 'col' | 'message'>): string => `${d.severity} ${d.line}:${d.col} ${d.message}`;
const showExpected = (e: Expected): string => `${e.severity} ${e.line}:${e.col} ${String(e.message)}`;

/** Compares actual diagnostics with a verdict; returns the list of disagreements (empty when they agree). */
export function disagreements(actual: readonly Diagnostic[], verdict: Verdict): string[] {
  const used = new Set<number>();
  const problems: string[] = [];
  const take = (e: Expected, withPosition: boolean): boolean => {
    const i = actual.findIndex((d, k) => !used.has(k) && matches(d, e, withPosition));
    if (i >= 0) used.add(i);
    return i >= 0;
  };
  for (const e of verdict.diagnostics.filter((x) => !x.optional)) {
    if (!take(e, true)) problems.push(`missing   ${showExpected(e)}`);
  }
  for (const e of verdict.diagnostics.filter((x) => x.optional)) take(e, false);
  actual.forEach((d, k) => {
    if (!used.has(k)) problems.push(`unexpected ${show(d)}`);
  });
  return problems;
}
