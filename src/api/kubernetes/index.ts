/** kubernetes kinds. */
import type { KindInfo } from '../kind.ts';

export const KUBERNETES_KINDS: KindInfo[] = [];
