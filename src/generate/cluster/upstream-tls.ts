/**
 * DestinationRule `tls` → the cluster's upstream TLS transport socket (Istio's cluster_tls.go):
 * SIMPLE verifies the server with `caCertificates` (SDS `file-root:`) or the credentialName's CA;
 * MUTUAL adds a client certificate (`file-cert:` or `kubernetes://NAME`); ISTIO_MUTUAL uses the
 * workload identity secrets `default` / `ROOTCA` with Istio's ALPN; SNI is `sni`, else the host.
 */
import type { CommonTlsContext, TransportSocket, UpstreamTlsContext } from '../../envoy/types.ts';
import { FILTER, TYPE_URL } from '../../envoy/type-urls.ts';
import type { ClientTLSSettings } from '../../model/api-types.ts';
import { toAny } from '../any.ts';
import { CA_SUFFIX, credentialResourceName, fileCertResourceName, fileRootResourceName, SDS_ADS_CONFIG } from '../listener/downstream-tls.ts';

/** Workload identity secrets (served by the security subsystem, like Istio's node agent). */
export const WORKLOAD_CERT_SECRET = 'default';
export const ROOT_CA_SECRET = 'ROOTCA';
export const ISTIO_MTLS_ALPN = ['istio-peer-exchange', 'istio'];

const sds = (name: string) => ({ name, sdsConfig: SDS_ADS_CONFIG });

export function upstreamTlsContext(tls: ClientTLSSettings | undefined, hostname: string, clusterName: string): UpstreamTlsContext | undefined {
  if (!tls || !tls.mode || tls.mode === 'DISABLE') return undefined;
  const common: CommonTlsContext = {};
  const sans = (tls.subjectAltNames ?? []).map((s) => ({ exact: s }));
  if (tls.mode === 'ISTIO_MUTUAL') {
    common.tlsCertificateSdsSecretConfigs = [sds(WORKLOAD_CERT_SECRET)];
    common.combinedValidationContext = { defaultValidationContext: sans.length ? { matchSubjectAltNames: sans } : {}, validationContextSdsSecretConfig: sds(ROOT_CA_SECRET) };
    common.alpnProtocols = ISTIO_MTLS_ALPN;
    return { commonTlsContext: common, sni: tls.sni || clusterName };
  }
  if (tls.mode === 'MUTUAL') {
    common.tlsCertificateSdsSecretConfigs = [sds(tls.credentialName ? credentialResourceName(tls.credentialName) : fileCertResourceName(tls.clientCertificate ?? '', tls.privateKey ?? ''))];
  }
  const caName = tls.credentialName ? credentialResourceName(tls.credentialName + CA_SUFFIX) : tls.caCertificates ? fileRootResourceName(tls.caCertificates) : undefined;
  if (caName && !tls.insecureSkipVerify) {
    common.combinedValidationContext = { defaultValidationContext: sans.length ? { matchSubjectAltNames: sans } : {}, validationContextSdsSecretConfig: sds(caName) };
  } else if (sans.length) {
    common.validationContext = { matchSubjectAltNames: sans };
  }
  const sni = tls.sni || (hostname.startsWith('*') ? undefined : hostname);
  const ctx: UpstreamTlsContext = { commonTlsContext: common };
  if (sni) ctx.sni = sni;
  return ctx;
}

export function upstreamTransportSocket(ctx: UpstreamTlsContext): TransportSocket {
  return { name: FILTER.tlsTransportSocket, typedConfig: toAny(TYPE_URL.upstreamTlsContext, ctx) };
}
