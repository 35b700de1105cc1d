/**
 * A cluster's `UpstreamTlsContext` (Istio's SIMPLE and MUTUAL DestinationRule modes) built into
 * options for `tls.connect`: SNI, client certificate, trusted CA (verification only when a CA is
 * configured, as Envoy does), subject-alt-name checks and ALPN.
 */
import tls from 'node:tls';
import type { UpstreamTlsContext } from '../../envoy/types.ts';
import { ConfigError } from '../config/config-error.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import { resolveCommonTls } from './common-tls.ts';
import { compilePeerVerifier } from './peer-verifier.ts';

export interface UpstreamTls {
  secureContext: tls.SecureContext;
  sni: string | undefined;
  alpn: string[] | undefined;
  rejectUnauthorized: boolean;
  checkServerIdentity: (host: string, cert: tls.PeerCertificate) => Error | undefined;
  secretNames: string[];
}

export function buildUpstreamTls(ctx: UpstreamTlsContext, secrets: SecretStore): UpstreamTls {
  const common = resolveCommonTls(ctx.commonTlsContext, secrets);
  const cert = common.certs[0];
  let secureContext: tls.SecureContext;
  try {
    secureContext = tls.createSecureContext({
      cert: cert?.certChain,
      key: cert?.privateKey,
      ca: common.validation?.trustedCa,
      minVersion: common.minVersion,
      maxVersion: common.maxVersion,
      ciphers: common.ciphers,
      ecdhCurve: common.ecdhCurve,
    });
  } catch (e) {
    throw new ConfigError(`cannot load upstream TLS context: ${(e as Error).message}`);
  }
  const verifier = compilePeerVerifier(common.validation?.context);
  const acceptUntrusted = common.validation?.context.trustChainVerification === 'ACCEPT_UNTRUSTED';
  return {
    secureContext,
    sni: ctx.sni || undefined,
    alpn: common.alpn.length > 0 ? common.alpn : undefined,
    rejectUnauthorized: common.validation?.trustedCa !== undefined && !acceptUntrusted,
    checkServerIdentity: (_host, peer) => {
      const reason = verifier?.(peer);
      return reason ? new Error(reason) : undefined;
    },
    secretNames: common.secretNames,
  };
}
