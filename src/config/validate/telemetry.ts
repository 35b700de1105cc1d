/** Semantic validators of telemetry.istio.io kinds, by kind. */
import type { Validator } from './context.ts';
import { validateTelemetry } from './telemetry-spec.ts';

export const TELEMETRY_VALIDATORS: Record<string, Validator> = {
  Telemetry: validateTelemetry as Validator,
};
