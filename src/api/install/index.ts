/** install kinds. */
import type { KindInfo } from '../kind.ts';

export const INSTALL_KINDS: KindInfo[] = [];
