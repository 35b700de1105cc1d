/** telemetry kinds. */
import type { KindInfo } from '../kind.ts';

export const TELEMETRY_KINDS: KindInfo[] = [];
