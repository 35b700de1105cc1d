/**
 * SDS secrets the control plane serves (in place of Istio's node agent): `kubernetes://NAME` from a
 * `kubernetes.io/tls` or generic Secret in the gateway's namespace (`tls.crt`/`tls.key` or
 * `cert`/`key`; CA from `ca.crt`/`cacert` or the Secret `NAME-cacert`), and `file-cert:` /
 * `file-root:` names as file data sources the proxy reads itself.
 */
import type { Resource } from '../api/resource.ts';
import type { DataSource, Secret } from '../envoy/types.ts';
import type { MeshSnapshot } from '../model/snapshot.ts';
import { CA_SUFFIX, KUBERNETES_SECRET_PREFIX } from './listener/downstream-tls.ts';

export interface SecretProblem {
  name: string;
  message: string;
}

function secretValue(r: Resource, keys: readonly string[]): DataSource | undefined {
  const data = (r.body?.data ?? {}) as Record<string, string>;
  const stringData = (r.body?.stringData ?? {}) as Record<string, string>;
  for (const k of keys) {
    if (typeof data[k] === 'string' && data[k] !== '') return { inlineBytes: data[k].replace(/\s+/g, '') };
    if (typeof stringData[k] === 'string' && stringData[k] !== '') return { inlineBytes: Buffer.from(stringData[k]).toString('base64') };
  }
  return undefined;
}

/** Resolves one SDS resource name for a proxy in `namespace`; returns a problem when it cannot. */
export function resolveSecret(name: string, namespace: string, snapshot: MeshSnapshot): Secret | SecretProblem {
  if (name.startsWith('file-cert:')) {
    const [cert, key] = name.slice('file-cert:'.length).split('~');
    return { name, tlsCertificate: { certificateChain: { filename: cert }, privateKey: { filename: key } } };
  }
  if (name.startsWith('file-root:')) return { name, validationContext: { trustedCa: { filename: name.slice('file-root:'.length) } } };
  if (!name.startsWith(KUBERNETES_SECRET_PREFIX)) return { name, message: `unsupported SDS resource name "${name}"` };
  let ref = name.slice(KUBERNETES_SECRET_PREFIX.length);
  let ns = namespace;
  if (ref.includes('/')) [ns, ref] = ref.split('/', 2);
  if (ref.endsWith(CA_SUFFIX)) {
    const base = ref.slice(0, -CA_SUFFIX.length);
    const own = snapshot.secret(ns, base);
    const ca = (own && secretValue(own, ['ca.crt', 'cacert'])) ?? (snapshot.secret(ns, ref) && secretValue(snapshot.secret(ns, ref)!, ['ca.crt', 'cacert', 'tls.crt']));
    if (!ca) return { name, message: `no CA certificate for ${name}: Secret ${ns}/${base} has no ca.crt/cacert key and Secret ${ns}/${ref} does not exist` };
    return { name, validationContext: { trustedCa: ca } };
  }
  const s = snapshot.secret(ns, ref);
  if (!s) return { name, message: `Secret ${ns}/${ref} referenced by credentialName does not exist` };
  const cert = secretValue(s, ['tls.crt', 'cert']);
  const key = secretValue(s, ['tls.key', 'key']);
  if (!cert || !key) return { name, message: `Secret ${ns}/${ref} lacks a certificate and key (tls.crt/tls.key or cert/key)` };
  return { name, tlsCertificate: { certificateChain: cert, privateKey: key } };
}

export function isSecretProblem(x: Secret | SecretProblem): x is SecretProblem {
  return 'message' in x;
}
