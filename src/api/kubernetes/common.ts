/**
 * Pieces shared by the Kubernetes kinds: the kind-table helper, LabelSelector, ObjectReference
 * and the IP family / protocol enums, modelled after k8s.io/api core/v1 and meta/v1.
 */
import type { KindInfo } from '../kind.ts';
import { enumOf, list, obj, required, str, stringList, stringMap, type Infer, type ObjectSchema } from '../schema.ts';

export const CORE = '';
export const APPS = 'apps';
export const DISCOVERY = 'discovery.k8s.io';

/** A Kubernetes kind served at `versions`, whose top-level fields are `body`. */
export function k8sKind(group: string, kind: string, plural: string, versions: readonly string[], namespaced: boolean, body: ObjectSchema): KindInfo {
  return { group, kind, plural, versions, namespaced, body };
}

/** core/v1 Protocol: the transport of a port. */
export const K8S_PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
export const protocol = enumOf(K8S_PROTOCOLS);

export const IP_FAMILIES = ['IPv4', 'IPv6'] as const;

export const labelSelectorRequirement = obj(
  {
    key: required(str()),
    operator: required(enumOf(['In', 'NotIn', 'Exists', 'DoesNotExist'])),
    values: stringList,
  },
  { name: 'LabelSelectorRequirement' },
);

/** meta/v1 LabelSelector (Deployment, NetworkPolicy, ...): matchLabels AND matchExpressions. */
export const labelSelector = obj({ matchLabels: stringMap, matchExpressions: list(labelSelectorRequirement) }, { name: 'LabelSelector' });

export const objectReference = obj(
  {
    kind: str(),
    namespace: str(),
    name: str(),
    uid: str(),
    apiVersion: str(),
    resourceVersion: str(),
    fieldPath: str(),
  },
  { name: 'ObjectReference' },
);

export type LabelSelector = Infer<typeof labelSelector>;
export type ObjectReference = Infer<typeof objectReference>;
