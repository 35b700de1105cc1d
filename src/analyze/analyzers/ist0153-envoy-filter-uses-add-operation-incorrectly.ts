/** IST0153 EnvoyFilterUsesAddOperationIncorrectly: ADD on ROUTE_CONFIGURATION or HTTP_ROUTE is ignored. */
import { envoyFilterAnalyzer } from '../envoy-filter-operations.ts';
import { MSG } from '../messages.ts';

export const envoyFilterAddIgnored = envoyFilterAnalyzer(
  'envoyfilter.AddOperationAnalyzer',
  'addIgnored',
  MSG.EnvoyFilterUsesAddOperationIncorrectly,
  (f) => `Patch ${f.index} adds to ${f.patch.applyTo}; use MERGE to change it, or INSERT_BEFORE/INSERT_AFTER/INSERT_FIRST to add an HTTP_ROUTE to a VIRTUAL_HOST.`,
);
