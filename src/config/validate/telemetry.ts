/** Semantic validators of telemetry kinds, by kind. */
import type { Validator } from './context.ts';

export const TELEMETRY_VALIDATORS: Record<string, Validator> = {};
