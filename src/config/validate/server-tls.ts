/**
 * ServerTLSSettings rules shared by Gateway servers and Sidecar ingress listeners, after Istio's
 * validateTLSOptions: one certificate source, SIMPLE/MUTUAL need credentialName or
 * serverCertificate + privateKey, MUTUAL needs a CA, ISTIO_MUTUAL carries no certificates,
 * passthrough modes ignore certificates, CRL limits, cipher suites and old TLS versions.
 */
import type { ServerTLSSettings } from '../../api/networking/gateway.ts';
import type { ValidationContext } from './context.ts';

/** Cipher suites Envoy (BoringSSL) accepts by name in cipherSuites. */
export const VALID_CIPHER_SUITES = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'ECDHE-ECDSA-AES128-SHA',
  'ECDHE-RSA-AES128-SHA',
  'ECDHE-ECDSA-AES256-SHA',
  'ECDHE-RSA-AES256-SHA',
  'AES128-GCM-SHA256',
  'AES256-GCM-SHA384',
  'AES128-SHA',
  'AES256-SHA',
  'DES-CBC3-SHA',
] as const;

/** Istio's IsValidCipherSuite: a known name, `ALL`, or an OpenSSL operator expression (`-`, `+`, `!`, `[`...). */
export function isValidCipherSuite(cs: string): boolean {
  if (cs === '' || cs === 'ALL') return true;
  if (!/^[\p{L}\p{N}]/u.test(cs)) return true;
  return (VALID_CIPHER_SUITES as readonly string[]).includes(cs);
}

type Ctx = ValidationContext;

function checkCiphers(ctx: Ctx, path: string, tls: ServerTLSSettings): void {
  const min = tls.minProtocolVersion;
  if ((min === 'TLSV1_0' || min === 'TLSV1_1') && (tls.cipherSuites ?? []).length === 0) {
    ctx.warn(`${path}.minProtocolVersion`, 'TLS version below TLSV1_2 require setting compatible ciphers as by default they no longer include compatible ciphers.', tls, 'minProtocolVersion');
  }
  const seen = new Set<string>();
  const invalid = new Set<string>();
  const dups = new Set<string>();
  for (const cs of tls.cipherSuites ?? []) {
    if (!isValidCipherSuite(cs)) invalid.add(cs);
    else if (seen.has(cs)) dups.add(cs);
    else seen.add(cs);
  }
  if (invalid.size > 0) ctx.warn(`${path}.cipherSuites`, `ignoring invalid cipher suites: [${[...invalid].sort().join(' ')}]`, tls, 'cipherSuites');
  if (dups.size > 0) ctx.warn(`${path}.cipherSuites`, `ignoring duplicate cipher suites: [${[...dups].sort().join(' ')}]`, tls, 'cipherSuites');
  const order = ['TLS_AUTO', 'TLSV1_0', 'TLSV1_1', 'TLSV1_2', 'TLSV1_3'];
  const max = tls.maxProtocolVersion;
  if (min && max && min !== 'TLS_AUTO' && max !== 'TLS_AUTO' && order.indexOf(max) < order.indexOf(min)) {
    ctx.error(`${path}.maxProtocolVersion`, `maxProtocolVersion ${max} is below minProtocolVersion ${min}`, tls, 'maxProtocolVersion');
  }
}

function checkIstioMutual(ctx: Ctx, path: string, tls: ServerTLSSettings): void {
  const fields: [keyof ServerTLSSettings, string][] = [
    ['serverCertificate', 'server certificate'],
    ['privateKey', 'private key'],
    ['caCertificates', 'CA bundle'],
    ['tlsCertificates', 'tlsCertificates'],
    ['credentialName', 'credentialName'],
    ['credentialNames', 'credentialNames'],
  ];
  for (const [f, what] of fields) {
    const v = tls[f];
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    ctx.error(`${path}.${f}`, `ISTIO_MUTUAL TLS cannot have associated ${what}; ISTIO_MUTUAL uses the mesh's own certificates`, tls, f);
  }
}

function certificateSources(tls: ServerTLSSettings): number {
  let n = 0;
  if (tls.serverCertificate && tls.privateKey) n++;
  if (tls.credentialName) n++;
  if ((tls.credentialNames ?? []).length > 0) n++;
  if ((tls.tlsCertificates ?? []).length > 0) n++;
  return n;
}

function checkCertificates(ctx: Ctx, path: string, tls: ServerTLSSettings, mode: string): void {
  const prefix = mode === 'SIMPLE' ? 'SIMPLE TLS' : 'MUTUAL TLS';
  if (mode !== 'SIMPLE' && !tls.caCertificates && !tls.caCertCredentialName) {
    ctx.error(`${path}.caCertificates`, `${prefix} requires a client CA bundle; set caCertificates (a file path) or use credentialName with a Secret holding ca.crt`, tls, 'mode');
  }
  const certs = tls.tlsCertificates ?? [];
  const hint = 'set credentialName (a Secret), or serverCertificate and privateKey (file paths)';
  if (certs.length === 0) {
    if (!tls.serverCertificate) ctx.error(`${path}.serverCertificate`, `${prefix} requires a server certificate; ${hint}`, tls, 'mode');
    if (!tls.privateKey) ctx.error(`${path}.privateKey`, `${prefix} requires a private key; ${hint}`, tls, 'mode');
    return;
  }
  certs.forEach((c, i) => {
    if (!c.serverCertificate) ctx.error(`${path}.tlsCertificates[${i}].serverCertificate`, `${prefix} requires a server certificate`, certs, i);
    if (!c.privateKey) ctx.error(`${path}.tlsCertificates[${i}].privateKey`, `${prefix} requires a private key`, certs, i);
  });
}

/** Istio's validateTLSOptions over one ServerTLSSettings at `path`. */
export function validateServerTLS(ctx: Ctx, path: string, tls: ServerTLSSettings | undefined): void {
  if (!tls) return;
  checkCiphers(ctx, path, tls);
  for (const f of ['credentialNames', 'tlsCertificates'] as const) {
    if ((tls[f] ?? []).length > 2) ctx.error(`${path}.${f}`, `${f} can have at most 2 entries (one RSA and one ECDSA certificate)`, tls, f);
  }
  const mode = tls.mode ?? 'PASSTHROUGH';
  if (mode === 'ISTIO_MUTUAL') return checkIstioMutual(ctx, path, tls);
  if (mode === 'PASSTHROUGH' || mode === 'AUTO_PASSTHROUGH') {
    const hasCerts = tls.caCrl || tls.serverCertificate || tls.privateKey || tls.caCertificates || (tls.tlsCertificates ?? []).length > 0 || tls.credentialName || (tls.credentialNames ?? []).length > 0;
    if (hasCerts) ctx.warn(`${path}.mode`, `${mode} mode does not use certificates, they will be ignored`, tls, tls.mode ? 'mode' : undefined);
  }
  if (certificateSources(tls) > 1) {
    ctx.error(path, 'only one of credential_name, credential_names, server_certificate/private_key, tls_certificates should be specified', tls);
  }
  const terminating = mode === 'SIMPLE' || mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL';
  const remote = tls.credentialName || (tls.credentialNames ?? []).length > 0;
  if (terminating && !remote) checkCertificates(ctx, path, tls, mode);
  if (tls.caCrl) {
    if (tls.credentialName) ctx.error(`${path}.caCrl`, 'CRL is not supported with credentialName. CRL has to be specified in the credential', tls, 'caCrl');
    if (mode === 'SIMPLE') ctx.error(`${path}.caCrl`, 'CRL is not supported with SIMPLE TLS', tls, 'caCrl');
  }
}
