/**
 * security.istio.io PeerAuthentication: the mutual TLS mode a workload's inbound traffic accepts,
 * for the whole workload and per port. Every field of istio/api
 * security/v1beta1/peer_authentication.proto, proto3 JSON names.
 */
import { enumOf, map, obj, type Infer } from '../schema.ts';
import { workloadSelector } from './selector.ts';

export const MTLS_MODES = ['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT'] as const;

export const mutualTls = obj({ mode: enumOf(MTLS_MODES) }, { name: 'istio.security.v1beta1.PeerAuthentication.MutualTLS' });

export const peerAuthenticationSpec = obj(
  {
    selector: workloadSelector,
    mtls: mutualTls,
    /** Port number (as a map key) → mode for that port. */
    portLevelMtls: map(mutualTls),
  },
  { name: 'istio.security.v1beta1.PeerAuthentication' },
);

export type MutualTLSMode = (typeof MTLS_MODES)[number];
export type MutualTLS = Infer<typeof mutualTls>;
/** The `spec` of a PeerAuthentication. */
export type PeerAuthentication = Infer<typeof peerAuthenticationSpec>;
