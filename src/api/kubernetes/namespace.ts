/** core/v1 Namespace: cluster-scoped; its labels (istio-injection, istio.io/rev) drive sidecar injection. */
import { any, enumOf, list, obj, stringList, type Infer } from '../schema.ts';
import { CORE, k8sKind } from './common.ts';

export const namespaceSpec = obj({ finalizers: stringList }, { name: 'NamespaceSpec' });
export const namespaceStatus = obj({ phase: enumOf(['Active', 'Terminating']), conditions: list(any()) }, { name: 'NamespaceStatus', open: true });

export const namespaceBody = obj({ spec: namespaceSpec, status: namespaceStatus }, { name: 'Namespace' });

export const NAMESPACE_KIND = k8sKind(CORE, 'Namespace', 'namespaces', ['v1'], false, namespaceBody);

/** The body of a Namespace resource: spec and status. */
export type Namespace = Infer<typeof namespaceBody>;
