/** The table of semantic validators by kind. Kinds without an entry get schema checks only. */
import type { Validator } from './context.ts';
import { INSTALL_VALIDATORS } from './install.ts';
import { KUBERNETES_VALIDATORS } from './kubernetes.ts';
import { NETWORKING_VALIDATORS } from './networking.ts';
import { SECURITY_VALIDATORS } from './security.ts';
import { TELEMETRY_VALIDATORS } from './telemetry.ts';

export const VALIDATORS: Readonly<Record<string, Validator>> = {
  ...NETWORKING_VALIDATORS,
  ...SECURITY_VALIDATORS,
  ...TELEMETRY_VALIDATORS,
  ...INSTALL_VALIDATORS,
  ...KUBERNETES_VALIDATORS,
};
