/**
 * Envoy's `CommonTlsContext` resolved against the bundle's secrets: certificate/key pairs (inline
 * or from SDS secret names), the merged validation context, ALPN, protocol versions and cipher
 * suites in the form node:tls understands. Shared by downstream and upstream TLS.
 */
import type { CertificateValidationContext, CommonTlsContext, TlsParameters } from '../../envoy/types.ts';
import { ConfigError } from '../config/config-error.ts';
import type { CertKeyPair, SecretStore, ValidationMaterial } from '../secrets/secret-store.ts';
import { loadCertificate, loadValidation } from '../secrets/secret-store.ts';

type NodeTlsVersion = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

export interface ResolvedCommonTls {
  certs: CertKeyPair[];
  validation: ValidationMaterial | undefined;
  alpn: string[];
  minVersion: NodeTlsVersion;
  maxVersion: NodeTlsVersion;
  ciphers: string | undefined;
  ecdhCurve: string | undefined;
  /** Names of the SDS secrets used, for the config dump. */
  secretNames: string[];
}

const VERSIONS: Record<string, NodeTlsVersion> = { TLSv1_0: 'TLSv1', TLSv1_1: 'TLSv1.1', TLSv1_2: 'TLSv1.2', TLSv1_3: 'TLSv1.3' };

function version(v: TlsParameters['tlsMinimumProtocolVersion'], dflt: NodeTlsVersion): NodeTlsVersion {
  if (v === undefined || v === 'TLS_AUTO') return dflt;
  const out = VERSIONS[v];
  if (!out) throw new ConfigError(`unknown TLS protocol version "${v}"`);
  return out;
}

/** BoringSSL's `[A|B]` equal-preference groups flattened to OpenSSL's `A:B` list. */
function cipherList(suites: string[] | undefined): string | undefined {
  if (!suites || suites.length === 0) return undefined;
  return suites.flatMap((s) => s.replace(/^\[|\]$/g, '').split('|')).join(':');
}

function mergeValidation(base: CertificateValidationContext | undefined, fromSds: ValidationMaterial | undefined, what: string): ValidationMaterial | undefined {
  if (!base && !fromSds) return undefined;
  if (!base) return fromSds;
  const own = loadValidation(base, what);
  if (!fromSds) return own;
  return {
    trustedCa: fromSds.trustedCa ?? own.trustedCa,
    crl: fromSds.crl ?? own.crl,
    context: { ...fromSds.context, ...base, trustedCa: fromSds.context.trustedCa ?? base.trustedCa },
  };
}

export function resolveCommonTls(ctx: CommonTlsContext | undefined, secrets: SecretStore): ResolvedCommonTls {
  const c = ctx ?? {};
  const secretNames: string[] = [];
  const certs: CertKeyPair[] = [];
  for (const [i, tc] of (c.tlsCertificates ?? []).entries()) certs.push(loadCertificate(tc, `tlsCertificates[${i}]`));
  for (const sds of c.tlsCertificateSdsSecretConfigs ?? []) {
    if (!sds?.name) throw new ConfigError('tlsCertificateSdsSecretConfigs entry has no name');
    secretNames.push(sds.name);
    certs.push(secrets.certificate(sds.name));
  }
  let validation: ValidationMaterial | undefined;
  if (c.combinedValidationContext) {
    const name = c.combinedValidationContext.validationContextSdsSecretConfig?.name;
    if (name) secretNames.push(name);
    validation = mergeValidation(c.combinedValidationContext.defaultValidationContext, name ? secrets.validation(name) : undefined, 'combinedValidationContext');
  } else if (c.validationContextSdsSecretConfig?.name) {
    secretNames.push(c.validationContextSdsSecretConfig.name);
    validation = secrets.validation(c.validationContextSdsSecretConfig.name);
  } else if (c.validationContext) {
    validation = loadValidation(c.validationContext, 'validationContext');
  }
  const p = c.tlsParams ?? {};
  return {
    certs,
    validation,
    alpn: c.alpnProtocols ?? [],
    minVersion: version(p.tlsMinimumProtocolVersion, 'TLSv1.2'),
    maxVersion: version(p.tlsMaximumProtocolVersion, 'TLSv1.3'),
    ciphers: cipherList(p.cipherSuites),
    ecdhCurve: p.ecdhCurves && p.ecdhCurves.length > 0 ? p.ecdhCurves.join(':') : undefined,
    secretNames,
  };
}
