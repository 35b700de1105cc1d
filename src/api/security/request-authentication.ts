/**
 * security.istio.io RequestAuthentication: which JWTs a workload accepts (issuer, JWKS, where the
 * token is found, what is forwarded). Every field of istio/api
 * security/v1beta1/request_authentication.proto, proto3 JSON names.
 */
import { bool, duration, list, obj, required, str, stringList, type Infer } from '../schema.ts';
import { policyTargetReference, policyTargetReferences, workloadSelector } from './selector.ts';

/** A header the token is read from, with an optional prefix to strip (`Bearer `). */
export const jwtHeader = obj(
  {
    name: required(str()),
    prefix: str(),
  },
  { name: 'istio.security.v1beta1.JWTHeader' },
);

/** Copies one claim of a verified token to a request header. */
export const claimToHeader = obj(
  {
    header: required(str()),
    claim: required(str()),
  },
  { name: 'istio.security.v1beta1.ClaimToHeader' },
);

export const jwtRule = obj(
  {
    issuer: str(),
    audiences: stringList,
    jwksUri: str(),
    jwks: str(),
    fromHeaders: list(jwtHeader),
    fromParams: stringList,
    outputPayloadToHeader: str(),
    fromCookies: stringList,
    forwardOriginalToken: bool(),
    outputClaimToHeaders: list(claimToHeader),
    timeout: duration(),
    spaceDelimitedClaims: stringList,
  },
  { name: 'istio.security.v1beta1.JWTRule' },
);

export const requestAuthenticationSpec = obj(
  {
    selector: workloadSelector,
    targetRef: policyTargetReference,
    targetRefs: policyTargetReferences,
    jwtRules: list(jwtRule),
  },
  { name: 'istio.security.v1beta1.RequestAuthentication' },
);

export type JWTHeader = Infer<typeof jwtHeader>;
export type ClaimToHeader = Infer<typeof claimToHeader>;
export type JWTRule = Infer<typeof jwtRule>;
/** The `spec` of a RequestAuthentication. */
export type RequestAuthentication = Infer<typeof requestAuthenticationSpec>;
