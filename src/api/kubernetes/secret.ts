/**
 * core/v1 Secret: opaque key → base64 value data. Gateways read TLS credentials from these
 * (`credentialName`): type kubernetes.io/tls with tls.crt / tls.key (and ca.crt), or Opaque with
 * tls.crt / tls.key / ca.crt or cert / key / cacert.
 */
import { bool, obj, str, stringMap, type Infer } from '../schema.ts';
import { CORE, k8sKind } from './common.ts';

export const SECRET_TYPE_TLS = 'kubernetes.io/tls';
export const SECRET_TYPE_OPAQUE = 'Opaque';

/** The built-in secret types and the keys each one requires. */
export const SECRET_TYPE_KEYS: Readonly<Record<string, readonly string[]>> = {
  Opaque: [],
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/service-account-token': [],
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/basic-auth': [],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
  'bootstrap.kubernetes.io/token': [],
};

export const secretBody = obj(
  {
    type: str(),
    data: stringMap,
    stringData: stringMap,
    immutable: bool(),
  },
  { name: 'Secret' },
);

export const SECRET_KIND = k8sKind(CORE, 'Secret', 'secrets', ['v1'], true, secretBody);

/** The body of a Secret resource: type, data (base64 values), stringData, immutable. */
export type Secret = Infer<typeof secretBody>;
