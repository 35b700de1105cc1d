/**
 * core/v1 ConfigMap: string data and base64 binaryData. The mesh configuration lives in one:
 * the `mesh` key of ConfigMap `istio` (or `istio-mesh-cm`) in the istio-system namespace.
 */
import { bool, obj, stringMap, type Infer } from '../schema.ts';
import { CORE, k8sKind } from './common.ts';

export const configMapBody = obj({ data: stringMap, binaryData: stringMap, immutable: bool() }, { name: 'ConfigMap' });

export const CONFIG_MAP_KIND = k8sKind(CORE, 'ConfigMap', 'configmaps', ['v1'], true, configMapBody);

/** The body of a ConfigMap resource: data, binaryData, immutable. */
export type ConfigMap = Infer<typeof configMapBody>;
