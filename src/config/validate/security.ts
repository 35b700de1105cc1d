/** Semantic validators of security.istio.io kinds, by kind. */
import { validateAuthorizationPolicy } from './authorization-policy.ts';
import type { Validator } from './context.ts';
import { validatePeerAuthentication } from './peer-authentication.ts';
import { validateRequestAuthentication } from './request-authentication.ts';

export const SECURITY_VALIDATORS: Record<string, Validator> = {
  AuthorizationPolicy: validateAuthorizationPolicy as Validator,
  RequestAuthentication: validateRequestAuthentication as Validator,
  PeerAuthentication: validatePeerAuthentication as Validator,
};
