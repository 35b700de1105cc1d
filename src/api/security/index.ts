/** security kinds. */
import type { KindInfo } from '../kind.ts';

export const SECURITY_KINDS: KindInfo[] = [];
