/** install.istio.io kinds: IstioOperator (v1alpha1). */
import type { KindInfo } from '../kind.ts';
import { INSTALL, istioKind } from '../istio-kinds.ts';
import { istioOperatorSpec } from './istio-operator.ts';

export const INSTALL_KINDS: KindInfo[] = [istioKind(INSTALL, 'IstioOperator', 'istiooperators', ['v1alpha1'], istioOperatorSpec)];
