/** Kubernetes ObjectMeta, as far as a mesh reads it. */
import { any, int, list, map, obj, str, stringMap, type Infer } from './schema.ts';

export const ownerReference = obj({
  apiVersion: str(),
  kind: str(),
  name: str(),
  uid: str(),
  controller: { t: 'bool' },
  blockOwnerDeletion: { t: 'bool' },
});

export const objectMeta = obj(
  {
    name: str(),
    generateName: str(),
    namespace: str(),
    labels: stringMap,
    annotations: stringMap,
    uid: str(),
    resourceVersion: str(),
    generation: int(),
    creationTimestamp: any(),
    deletionTimestamp: any(),
    deletionGracePeriodSeconds: int(),
    ownerReferences: list(ownerReference),
    finalizers: list(str()),
    managedFields: list(any()),
    selfLink: str(),
    clusterName: str(),
  },
  { name: 'ObjectMeta' },
);
export type ObjectMetaInput = Infer<typeof objectMeta>;
export { map };
