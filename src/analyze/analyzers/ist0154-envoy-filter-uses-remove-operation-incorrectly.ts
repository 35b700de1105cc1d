/** IST0154 EnvoyFilterUsesRemoveOperationIncorrectly: REMOVE on ROUTE_CONFIGURATION or HTTP_ROUTE is ignored. */
import { envoyFilterAnalyzer } from '../envoy-filter-operations.ts';
import { MSG } from '../messages.ts';

export const envoyFilterRemoveIgnored = envoyFilterAnalyzer(
  'envoyfilter.RemoveOperationAnalyzer',
  'removeIgnored',
  MSG.EnvoyFilterUsesRemoveOperationIncorrectly,
  (f) => `Patch ${f.index} removes a ${f.patch.applyTo}, which Istio ignores; change the VirtualService instead, or MERGE the route into the shape you want.`,
);
