/** Semantic validators of kubernetes kinds, by kind. */
import type { Validator } from './context.ts';

export const KUBERNETES_VALIDATORS: Record<string, Validator> = {};
