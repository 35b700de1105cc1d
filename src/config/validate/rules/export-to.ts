/**
 * `exportTo` rules shared by DestinationRule, ServiceEntry, VirtualService and Sidecar, after
 * Istio's validateExportTo: each entry is `.` (this namespace), `*` (everyone), `~` (no one —
 * ServiceEntry only) or a namespace name; no duplicates (`.` and the own namespace count as the
 * same); `*` and `~` stand alone; a DestinationRule with a workloadSelector stays in its namespace.
 */
import { isDNS1123Label } from './hosts.ts';

export interface ExportToOptions {
  /** ServiceEntry allows `~`. */
  serviceEntry?: boolean;
  /** DestinationRule with a workloadSelector: only its own namespace. */
  drWithSelector?: boolean;
}

export interface ExportToProblem {
  /** Index of the offending entry, or undefined for a problem with the whole list. */
  index?: number;
  message: string;
}

function entryProblem(e: string, serviceEntry: boolean): string | undefined {
  if (e === '.' || e === '*') return undefined;
  if (e === '~') return serviceEntry ? undefined : 'exportTo ~ (none) is not allowed for Istio configuration objects; only ServiceEntry may use it';
  if (!isDNS1123Label(e)) return `only ".", "*", or a valid DNS 1123 label (a namespace name) is allowed as exportTo entry, got "${e}"`;
  return undefined;
}

export function exportToProblems(namespace: string, exportTo: readonly string[] | undefined, opts: ExportToOptions = {}): ExportToProblem[] {
  const out: ExportToProblem[] = [];
  if (!exportTo || exportTo.length === 0) return out;
  const seen = new Set<string>();
  exportTo.forEach((e, index) => {
    const key = e === '.' ? namespace : e;
    if (seen.has(key)) {
      out.push({ index, message: key !== e ? `duplicate entries in exportTo: . and current namespace ${namespace}` : `duplicate entries in exportTo for entry ${e}` });
      return;
    }
    const problem = entryProblem(e, opts.serviceEntry ?? false);
    if (problem) out.push({ index, message: problem });
    else seen.add(key);
  });
  if (opts.drWithSelector && seen.size > 0) {
    if (!seen.has(namespace)) out.push({ message: 'destination rule with workload selector cannot have exportTo beyond current namespace; use "." or remove exportTo' });
    else if (seen.size > 1) out.push({ message: 'destination rule with workload selector cannot have multiple entries in exportTo; use only "."' });
  }
  if (seen.has('*') && exportTo.length > 1) out.push({ message: 'cannot have both public (*) and non-public exportTo values for a resource; "*" already exports to every namespace' });
  if (seen.has('~') && exportTo.length > 1) out.push({ message: 'cannot export service entry to no one (~) and someone' });
  return out;
}
