/** Semantic validators of networking.istio.io kinds, by kind. */
import type { Validator } from './context.ts';
import { validateGateway } from './gateway.ts';

export const NETWORKING_VALIDATORS: Record<string, Validator> = {
  Gateway: validateGateway as Validator,
};
