/** Semantic validators of install.istio.io kinds, by kind. */
import type { Validator } from './context.ts';
import { validateIstioOperator } from './istio-operator.ts';

export const INSTALL_VALIDATORS: Record<string, Validator> = {
  IstioOperator: validateIstioOperator as Validator,
};
