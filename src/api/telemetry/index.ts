/** telemetry.istio.io kinds: Telemetry (v1, v1alpha1 — same schema). */
import type { KindInfo } from '../kind.ts';
import { istioKind, TELEMETRY } from '../istio-kinds.ts';
import { telemetrySpec } from './telemetry.ts';

export const TELEMETRY_KINDS: KindInfo[] = [
  istioKind(TELEMETRY, 'Telemetry', 'telemetries', ['v1', 'v1alpha1'], telemetrySpec, {
    v1alpha1: `${TELEMETRY}/v1alpha1 Telemetry is deprecated; use ${TELEMETRY}/v1 (same schema)`,
  }),
];
