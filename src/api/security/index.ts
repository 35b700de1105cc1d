/** security.istio.io kinds: AuthorizationPolicy, RequestAuthentication, PeerAuthentication (v1, v1beta1). */
import type { KindInfo } from '../kind.ts';
import { istioKind, SECURITY } from '../istio-kinds.ts';
import type { ObjectSchema } from '../schema.ts';
import { authorizationPolicySpec } from './authorization-policy.ts';
import { peerAuthenticationSpec } from './peer-authentication.ts';
import { requestAuthenticationSpec } from './request-authentication.ts';

const V1_PREFERRED = (kind: string): string => `${SECURITY}/v1beta1 ${kind} is superseded by ${SECURITY}/v1 (same schema); prefer v1`;

function securityKind(kind: string, plural: string, spec: ObjectSchema): KindInfo {
  return istioKind(SECURITY, kind, plural, ['v1', 'v1beta1'], spec, { v1beta1: V1_PREFERRED(kind) });
}

export const SECURITY_KINDS: KindInfo[] = [
  securityKind('AuthorizationPolicy', 'authorizationpolicies', authorizationPolicySpec),
  securityKind('RequestAuthentication', 'requestauthentications', requestAuthenticationSpec),
  securityKind('PeerAuthentication', 'peerauthentications', peerAuthenticationSpec),
];
