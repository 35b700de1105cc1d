/**
 * Semantic rules for core/v1 Secret: valid keys, base64 `data`, the keys each built-in type
 * requires, the 1 MiB limit, and TLS material that parses — for type kubernetes.io/tls (errors:
 * tls.crt and tls.key are required), and as warnings for the generic layouts Istio gateways also
 * read through credentialName (tls.crt / tls.key / ca.crt, or cert / key / cacert).
 */
import type { Resource } from '../../api/resource.ts';
import { SECRET_TYPE_KEYS, SECRET_TYPE_TLS, type Secret } from '../../api/kubernetes/secret.ts';
import type { ValidationContext } from './context.ts';
import { checkBase64Map, checkDataSize, checkTextMap } from './k8s-data.ts';
import { keyMatchesCertificate, parseCertificates, parsePrivateKey, validityProblem } from './k8s-pem.ts';

/** A Secret key's value as text (stringData wins over data, as in Kubernetes) and where it is. */
interface Entry {
  text: string;
  path: string;
  holder: Record<string, string>;
}

export function validateSecret(r: Resource, ctx: ValidationContext): void {
  const body = r.body as Secret;
  const decoded = checkBase64Map(body.data, 'data', ctx);
  checkTextMap(body.stringData, 'stringData', ctx);
  let size = 0;
  for (const [k, v] of Object.entries(body.stringData ?? {})) {
    size += Buffer.byteLength(v);
    if (body.data && k in body.data) ctx.warn(`stringData[${k}]`, `also set under data; the stringData value wins`, body.stringData, k);
  }
  for (const v of decoded.values()) size += v.length;
  checkDataSize(size, 'data', body.data ?? body.stringData, ctx);
  const type = body.type ?? 'Opaque';
  const has = (k: string): boolean => (body.data !== undefined && k in body.data) || (body.stringData !== undefined && k in body.stringData);
  for (const k of SECRET_TYPE_KEYS[type] ?? []) {
    if (!has(k)) ctx.error(`data[${k}]`, `a Secret of type ${type} requires the key "${k}"`, body.data ?? body.stringData);
  }
  if (type === 'kubernetes.io/basic-auth' && !has('username') && !has('password')) {
    ctx.error('data', 'a Secret of type kubernetes.io/basic-auth requires "username" or "password"', body.data ?? body.stringData);
  }
  const entry = (k: string): Entry | undefined => {
    if (body.stringData && k in body.stringData) return { text: body.stringData[k], path: `stringData[${k}]`, holder: body.stringData };
    const d = decoded.get(k);
    return d && body.data ? { text: d.toString('utf8'), path: `data[${k}]`, holder: body.data } : undefined;
  };
  if (type === 'kubernetes.io/dockerconfigjson') checkJson(entry('.dockerconfigjson'), ctx);
  if (type === SECRET_TYPE_TLS) checkTls(entry, ['tls.crt', 'tls.key', 'ca.crt'], 'Error', ctx);
  else if (type === 'Opaque' || type === 'istio.io/key-and-cert') {
    if (has('tls.crt') || has('tls.key')) checkTls(entry, ['tls.crt', 'tls.key', 'ca.crt'], 'Warning', ctx);
    else if (has('cert') || has('key')) checkTls(entry, ['cert', 'key', 'cacert'], 'Warning', ctx);
    else if (has('ca.crt') || has('cacert')) checkTls(entry, ['', '', has('ca.crt') ? 'ca.crt' : 'cacert'], 'Warning', ctx);
  }
}

function checkJson(e: Entry | undefined, ctx: ValidationContext): void {
  if (!e) return;
  try {
    JSON.parse(e.text);
  } catch (err) {
    ctx.error(e.path, `must be JSON: ${(err as Error).message}`, e.holder, e.path.slice(e.path.indexOf('[') + 1, -1));
  }
}

/**
 * TLS material under the keys [certificate, private key, CA]. For kubernetes.io/tls problems are
 * errors; for generic secrets, warnings (Kubernetes accepts them, the gateway would not).
 */
function checkTls(entry: (k: string) => Entry | undefined, [certKey, keyKey, caKey]: string[], severity: 'Error' | 'Warning', ctx: ValidationContext): void {
  const report = (e: Entry, message: string): void => {
    const k = e.path.slice(e.path.indexOf('[') + 1, -1);
    if (severity === 'Error') ctx.error(e.path, message, e.holder, k);
    else ctx.warn(e.path, `${message}; a gateway using this Secret as a TLS credential would fail`, e.holder, k);
  };
  const cert = certKey ? entry(certKey) : undefined;
  const key = keyKey ? entry(keyKey) : undefined;
  if (severity === 'Warning' && certKey && (cert === undefined) !== (key === undefined)) {
    const present = (cert ?? key)!;
    report(present, `"${cert ? keyKey : certKey}" is missing; a TLS credential needs both ${certKey} and ${keyKey}`);
  }
  const certs = cert ? parseCertificates(cert.text, certKey) : undefined;
  if (cert && certs?.problem) report(cert, certs.problem);
  const pk = key ? parsePrivateKey(key.text, keyKey) : undefined;
  if (key && pk?.problem) report(key, pk.problem);
  const leaf = certs?.certificates[0];
  if (key && leaf && pk?.key && !keyMatchesCertificate(leaf, pk.key)) {
    report(key, `${keyKey} does not match the certificate in ${certKey} (the public keys differ)`);
  }
  if (cert && leaf && !certs?.problem) {
    const v = validityProblem(leaf, certKey, new Date());
    if (v) ctx.warn(cert.path, v, cert.holder, certKey);
  }
  const ca = caKey ? entry(caKey) : undefined;
  if (ca) {
    const cas = parseCertificates(ca.text, caKey);
    if (cas.problem) report(ca, cas.problem);
  }
}
