/**
 * IST0151 EnvoyFilterUsesRelativeOperation: an EnvoyFilter without `priority` that patches
 * relative to another filter (INSERT_BEFORE/AFTER, REPLACE, REMOVE). Its order against other
 * EnvoyFilters is then by creation time, so the filter it is relative to may not be there yet.
 */
import { envoyFilterAnalyzer } from '../envoy-filter-operations.ts';
import { MSG } from '../messages.ts';

export const envoyFilterRelativeOperation = envoyFilterAnalyzer(
  'envoyfilter.RelativeOperationAnalyzer',
  'relative',
  MSG.EnvoyFilterUsesRelativeOperation,
  (f) => `Patch ${f.index} uses ${f.patch.patch?.operation} on ${f.patch.applyTo}; set spec.priority (higher runs later) or use INSERT_FIRST / ADD.`,
);
