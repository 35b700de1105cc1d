/** The explain engine's public surface: `explainRequest`, its types and the text renderer. */
export { explainRequest, resourcesFor, type ExplainTarget } from './explain.ts';
export { formatExplanation } from './format.ts';
export { parseHeaderArg, RequestError } from './request.ts';
export type { EndpointInfo, ExplainOutcome, ExplainRequestInput, ExplainResult, ExplainStep, NearMiss, OutcomeKind, Provenance, WeightedTarget } from './types.ts';
