/**
 * Workload selector rules (Istio's validateWorkloadSelector / ValidateAlphaWorkloadSelector):
 * no empty keys, no `*` in keys or values (selectors match exactly), and a selector without
 * labels is suspicious (it selects every workload). Label syntax problems are warnings: Istio
 * accepts them, but such a selector can never match a Kubernetes object.
 */
import { validateLabelKey, validateLabelValue } from './values.ts';

export interface SelectorProblem {
  key: string;
  severity: 'Error' | 'Warning';
  message: string;
}

const pairOf = (k: string, v: unknown): string => JSON.stringify(`${k}=${v}`);

export function selectorProblems(labels: Record<string, string> | undefined): SelectorProblem[] {
  const out: SelectorProblem[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k === '') out.push({ key: k, severity: 'Error', message: `empty key is not supported in selector: ${pairOf(k, v)}` });
    else if (k.includes('*') || String(v).includes('*')) out.push({ key: k, severity: 'Error', message: `wildcard is not supported in selector: ${pairOf(k, v)}; selectors match label values exactly` });
    else {
      const syntax = validateLabelKey(k) ?? validateLabelValue(String(v));
      if (syntax) out.push({ key: k, severity: 'Warning', message: `${syntax}; this selector can never match a workload` });
    }
  }
  return out;
}

export function isEmptySelector(labels: Record<string, string> | undefined): boolean {
  return Object.keys(labels ?? {}).length === 0;
}
