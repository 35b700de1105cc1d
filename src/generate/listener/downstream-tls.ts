/**
 * Gateway server TLS → DownstreamTlsContext (Istio's BuildListenerTLSContext): certificates by SDS
 * name — `kubernetes://NAME` for credentialName Secrets, `file-cert:CERT~KEY` for file paths — the
 * CA as `kubernetes://NAME-cacert` / `file-root:CA` for MUTUAL and OPTIONAL_MUTUAL, ALPN h2 and
 * http/1.1, SAN / SPKI / hash pinning, and the server's protocol versions and cipher suites.
 */
import type { CertificateValidationContext, CommonTlsContext, DownstreamTlsContext, SdsSecretConfig, TlsParameters, TransportSocket } from '../../envoy/types.ts';
import { FILTER, TYPE_URL } from '../../envoy/type-urls.ts';
import type { ServerTLSSettings } from '../../model/api-types.ts';
import { toAny } from '../any.ts';

export const SDS_ADS_CONFIG = { ads: {}, resourceApiVersion: 'V3' as const };
export const KUBERNETES_SECRET_PREFIX = 'kubernetes://';
export const CA_SUFFIX = '-cacert';
export const ALPN_HTTP = ['h2', 'http/1.1'];

/** `kubernetes://name` unless the name already carries a scheme. */
export function credentialResourceName(name: string): string {
  return name.includes('://') ? name : `${KUBERNETES_SECRET_PREFIX}${name}`;
}

export function fileCertResourceName(cert: string, key: string): string {
  return `file-cert:${cert}~${key}`;
}

export function fileRootResourceName(ca: string): string {
  return `file-root:${ca}`;
}

const sds = (name: string): SdsSecretConfig => ({ name, sdsConfig: SDS_ADS_CONFIG });

const TLS_VERSION: Record<string, TlsParameters['tlsMinimumProtocolVersion']> = { TLS_AUTO: 'TLS_AUTO', TLSV1_0: 'TLSv1_0', TLSV1_1: 'TLSv1_1', TLSV1_2: 'TLSv1_2', TLSV1_3: 'TLSv1_3' };

export function downstreamTlsContext(tls: ServerTLSSettings, alpn: string[] | undefined = ALPN_HTTP): DownstreamTlsContext {
  const common: CommonTlsContext = {};
  if (alpn) common.alpnProtocols = alpn;
  const mutual = tls.mode === 'MUTUAL' || tls.mode === 'ISTIO_MUTUAL';
  const validateClient = mutual || tls.mode === 'OPTIONAL_MUTUAL';
  const credentialNames = tls.credentialNames?.length ? tls.credentialNames : tls.credentialName ? [tls.credentialName] : [];
  let caName: string | undefined;
  if (credentialNames.length > 0) {
    common.tlsCertificateSdsSecretConfigs = credentialNames.map((n) => sds(credentialResourceName(n)));
    caName = credentialResourceName(credentialNames[0] + CA_SUFFIX);
  } else {
    const certs = tls.tlsCertificates?.length ? tls.tlsCertificates : [{ serverCertificate: tls.serverCertificate, privateKey: tls.privateKey }];
    common.tlsCertificateSdsSecretConfigs = certs.map((c) => sds(fileCertResourceName(c.serverCertificate ?? '', c.privateKey ?? '')));
    caName = tls.caCertificates ? fileRootResourceName(tls.caCertificates) : undefined;
  }
  if (validateClient && caName) {
    const def: CertificateValidationContext = {};
    if (tls.subjectAltNames?.length) def.matchSubjectAltNames = tls.subjectAltNames.map((s) => ({ exact: s }));
    if (tls.verifyCertificateSpki?.length) def.verifyCertificateSpki = tls.verifyCertificateSpki;
    if (tls.verifyCertificateHash?.length) def.verifyCertificateHash = tls.verifyCertificateHash;
    if (tls.caCrl) def.crl = { filename: tls.caCrl };
    common.combinedValidationContext = { defaultValidationContext: def, validationContextSdsSecretConfig: sds(caName) };
  } else if (tls.subjectAltNames?.length) {
    common.validationContext = { matchSubjectAltNames: tls.subjectAltNames.map((s) => ({ exact: s })) };
  }
  const params: TlsParameters = {};
  if (tls.minProtocolVersion && tls.minProtocolVersion !== 'TLS_AUTO') params.tlsMinimumProtocolVersion = TLS_VERSION[tls.minProtocolVersion];
  if (tls.maxProtocolVersion && tls.maxProtocolVersion !== 'TLS_AUTO') params.tlsMaximumProtocolVersion = TLS_VERSION[tls.maxProtocolVersion];
  if (tls.cipherSuites?.length) params.cipherSuites = tls.cipherSuites;
  if (Object.keys(params).length > 0) common.tlsParams = params;
  return { commonTlsContext: common, requireClientCertificate: mutual };
}

export function downstreamTransportSocket(ctx: DownstreamTlsContext): TransportSocket {
  return { name: FILTER.tlsTransportSocket, typedConfig: toAny(TYPE_URL.downstreamTlsContext, ctx) };
}

/** Every SDS secret name a TLS context refers to. */
export function referencedSecretNames(ctx: { commonTlsContext?: CommonTlsContext }): string[] {
  const c = ctx.commonTlsContext;
  if (!c) return [];
  const names = (c.tlsCertificateSdsSecretConfigs ?? []).map((s) => s.name);
  if (c.validationContextSdsSecretConfig) names.push(c.validationContextSdsSecretConfig.name);
  if (c.combinedValidationContext) names.push(c.combinedValidationContext.validationContextSdsSecretConfig.name);
  return names;
}
