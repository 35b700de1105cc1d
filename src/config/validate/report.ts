/**
 * Reporting helpers shared by the validators: turn the problem lists of rules/export-to.ts and
 * rules/selector.ts into diagnostics positioned at the offending entry.
 */
import type { ValidationContext } from './context.ts';
import { exportToProblems, type ExportToOptions } from './rules/export-to.ts';
import { isEmptySelector, selectorProblems } from './rules/selector.ts';

/** Reports exportTo problems of `spec.exportTo`. */
export function reportExportTo(spec: { exportTo?: string[] }, namespace: string, ctx: ValidationContext, opts: ExportToOptions = {}): void {
  for (const p of exportToProblems(namespace, spec.exportTo, opts)) {
    if (p.index === undefined) ctx.error('spec.exportTo', p.message, spec, 'exportTo');
    else ctx.error(`spec.exportTo[${p.index}]`, p.message, spec.exportTo, p.index);
  }
}

/** Reports selector problems of `holder[key]` (a label map) at `path`. */
export function reportSelector(labels: Record<string, string> | undefined, path: string, ctx: ValidationContext, emptyWarning?: string, holder?: unknown, key?: string): void {
  if (labels === undefined) return;
  for (const p of selectorProblems(labels)) {
    const at = `${path}.${p.key}`;
    if (p.severity === 'Error') ctx.error(at, p.message, labels, p.key);
    else ctx.warn(at, p.message, labels, p.key);
  }
  if (emptyWarning && isEmptySelector(labels)) ctx.warn(path, emptyWarning, holder ?? labels, key);
}
