/** networking.istio.io kinds. */
import type { KindInfo } from '../kind.ts';
import { networkingKind } from '../istio-kinds.ts';
import { gatewaySpec } from './gateway.ts';

export const NETWORKING_KINDS: KindInfo[] = [networkingKind('Gateway', 'gateways', gatewaySpec)];
