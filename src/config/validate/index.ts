/** The table of semantic validators by kind. Kinds without an entry get schema checks only. */
import type { Validator } from './context.ts';
import { validateGateway } from './gateway.ts';

export const VALIDATORS: Readonly<Record<string, Validator>> = {
  Gateway: validateGateway as Validator,
};
