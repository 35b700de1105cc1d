/** IST0152 EnvoyFilterUsesReplaceOperationIncorrectly: REPLACE outside HTTP_FILTER, NETWORK_FILTER and VIRTUAL_HOST does nothing. */
import { envoyFilterAnalyzer } from '../envoy-filter-operations.ts';
import { MSG } from '../messages.ts';

export const envoyFilterReplaceMisused = envoyFilterAnalyzer(
  'envoyfilter.ReplaceOperationAnalyzer',
  'replaceMisused',
  MSG.EnvoyFilterUsesReplaceOperationIncorrectly,
  (f) => `Patch ${f.index} applies REPLACE to ${f.patch.applyTo}; use MERGE for it, or REPLACE a filter (applyTo HTTP_FILTER or NETWORK_FILTER).`,
);
