/** Semantic validators of security kinds, by kind. */
import type { Validator } from './context.ts';

export const SECURITY_VALIDATORS: Record<string, Validator> = {};
