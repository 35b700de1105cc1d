/** Semantic validators of install kinds, by kind. */
import type { Validator } from './context.ts';

export const INSTALL_VALIDATORS: Record<string, Validator> = {};
