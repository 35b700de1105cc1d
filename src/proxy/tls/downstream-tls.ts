/**
 * A filter chain's `DownstreamTlsContext` built into what a server-side TLS socket needs: one
 * SecureContext (certificates from SDS secrets or inline), whether client certificates are
 * requested/required (Istio's MUTUAL and OPTIONAL_MUTUAL), ALPN, and post-handshake checks.
 */
import tls from 'node:tls';
import type { DownstreamTlsContext } from '../../envoy/types.ts';
import { ConfigError } from '../config/config-error.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import { resolveCommonTls } from './common-tls.ts';
import { alpnWire } from './in-place-tls.ts';
import { compilePeerVerifier, type PeerVerifier } from './peer-verifier.ts';

export interface DownstreamTls {
  secureContext: tls.SecureContext;
  /** Ask the client for a certificate (a validation context is configured). */
  requestCert: boolean;
  /** MUTUAL: the handshake fails without a valid client certificate. */
  requireClientCertificate: boolean;
  /** A presented certificate must chain to the trusted CA (unless ACCEPT_UNTRUSTED). */
  verifyPresented: boolean;
  alpn: string[] | undefined;
  /** `alpn` in the wire form OpenSSL takes, made once for every connection. */
  alpnWire: Buffer | undefined;
  requireSni: boolean;
  verifier: PeerVerifier | undefined;
  secretNames: string[];
}

export function buildDownstreamTls(ctx: DownstreamTlsContext, secrets: SecretStore): DownstreamTls {
  const common = resolveCommonTls(ctx.commonTlsContext, secrets);
  if (common.certs.length === 0) throw new ConfigError('DownstreamTlsContext has no certificate (tlsCertificates or tlsCertificateSdsSecretConfigs)');
  const requireClient = ctx.requireClientCertificate === true;
  const validation = common.validation;
  let secureContext: tls.SecureContext;
  try {
    secureContext = tls.createSecureContext({
      cert: common.certs.map((c) => c.certChain),
      key: common.certs.map((c) => c.privateKey),
      ca: validation?.trustedCa,
      crl: validation?.crl,
      minVersion: common.minVersion,
      maxVersion: common.maxVersion,
      ciphers: common.ciphers,
      ecdhCurve: common.ecdhCurve,
    });
  } catch (e) {
    throw new ConfigError(`cannot load downstream TLS certificate: ${(e as Error).message}`);
  }
  const acceptUntrusted = validation?.context.trustChainVerification === 'ACCEPT_UNTRUSTED';
  return {
    secureContext,
    requestCert: requireClient || validation !== undefined,
    requireClientCertificate: requireClient,
    verifyPresented: validation?.trustedCa !== undefined && !acceptUntrusted,
    alpn: common.alpn.length > 0 ? common.alpn : undefined,
    alpnWire: alpnWire(common.alpn),
    requireSni: ctx.requireSni === true,
    verifier: compilePeerVerifier(validation?.context),
    secretNames: common.secretNames,
  };
}
