/**
 * Semantic rules for RequestAuthentication, after Istio's admission webhook: every JWT rule names
 * an issuer or a JWKS URI, `jwks` and `jwksUri` are exclusive, the URI is an http(s) URL with a
 * host, inline JWKS parses (and holds no private keys), token locations and claim headers are
 * non-empty and well-formed, and the fetch timeout is a valid duration.
 */
import type { Resource } from '../../api/resource.ts';
import type { JWTRule, RequestAuthentication } from '../../api/security/request-authentication.ts';
import type { ValidationContext } from './context.ts';
import { validateIstioAnnotations, validatePolicyTargeting } from './policy-target.ts';
import { parseJwksUri } from './rules/jwks-uri.ts';
import { validateDuration } from './rules/values.ts';

const MAX_JWT_RULES = 4096;
const MAX_SPACE_DELIMITED_CLAIMS = 64;
/** RFC 7230 token characters: what an HTTP header name may contain. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Istio's stricter form for headers it writes (outputClaimToHeaders). */
const STRICT_HEADER_NAME = /^[-_A-Za-z0-9]+$/;

export function validateRequestAuthentication(r: Resource<RequestAuthentication>, ctx: ValidationContext): void {
  const spec = r.spec;
  validateIstioAnnotations(r, ctx);
  validatePolicyTargeting(spec, ctx);
  const rules = spec.jwtRules ?? [];
  if (rules.length > MAX_JWT_RULES) ctx.error('spec.jwtRules', `at most ${MAX_JWT_RULES} jwtRules may be set, found ${rules.length}`, spec, 'jwtRules');
  rules.forEach((rule, i) => validateJwtRule(rule, `spec.jwtRules[${i}]`, ctx));
}

function validateJwtRule(rule: JWTRule, p: string, ctx: ValidationContext): void {
  validateIssuerAndKeys(rule, p, ctx);
  (rule.audiences ?? []).forEach((a, i) => {
    if (a === '') ctx.error(`${p}.audiences[${i}]`, 'audience must be non-empty string', rule.audiences, i);
  });
  validateTokenLocations(rule, p, ctx);
  validateOutputs(rule, p, ctx);
  if (rule.timeout !== undefined) {
    const e = validateDuration(rule.timeout);
    if (e) ctx.error(`${p}.timeout`, e, rule, 'timeout');
  }
  const claims = rule.spaceDelimitedClaims ?? [];
  if (claims.length > MAX_SPACE_DELIMITED_CLAIMS) ctx.error(`${p}.spaceDelimitedClaims`, `at most ${MAX_SPACE_DELIMITED_CLAIMS} claims may be listed, found ${claims.length}`, rule, 'spaceDelimitedClaims');
  claims.forEach((c, i) => {
    if (c === '') ctx.error(`${p}.spaceDelimitedClaims[${i}]`, 'claim name must be non-empty string', claims, i);
  });
}

function validateIssuerAndKeys(rule: JWTRule, p: string, ctx: ValidationContext): void {
  const hasUri = rule.jwksUri !== undefined && rule.jwksUri !== '';
  if (rule.issuer === '') ctx.error(`${p}.issuer`, 'issuer must be non-empty string', rule, 'issuer');
  else if (rule.issuer === undefined && !hasUri) ctx.error(`${p}.issuer`, 'issuer or jwksUri must be non-empty string', rule);
  else if (rule.issuer === undefined) ctx.warn(`${p}.issuer`, 'issuer is not set: tokens from any issuer whose keys verify at jwksUri are accepted; set issuer to pin it', rule);
  if (rule.jwksUri !== undefined && rule.jwks !== undefined) {
    ctx.error(`${p}.jwks`, 'only one of jwks or jwksUri can be set', rule, 'jwks');
  }
  if (rule.jwksUri !== undefined) {
    const info = rule.jwksUri === '' ? { error: 'jwksUri must be non-empty string' } : parseJwksUri(rule.jwksUri);
    if ('error' in info) ctx.error(`${p}.jwksUri`, info.error, rule, 'jwksUri');
  }
  if (rule.jwks !== undefined) validateInlineJwks(rule.jwks, `${p}.jwks`, rule, ctx);
}

/** Parses inline JWKS (a key set or one key) the way Envoy will; private key material is a warning. */
function validateInlineJwks(text: string, p: string, rule: JWTRule, ctx: ValidationContext): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    ctx.error(p, `jwks parse error: ${(e as Error).message}`, rule, 'jwks');
    return;
  }
  const keys: unknown[] | undefined = parsed !== null && typeof parsed === 'object' ? (Array.isArray((parsed as { keys?: unknown }).keys) ? (parsed as { keys: unknown[] }).keys : 'kty' in parsed ? [parsed] : undefined) : undefined;
  if (!keys) {
    ctx.error(p, 'jwks parse error: expected a JSON Web Key Set ({"keys": [...]}) or a single JSON Web Key', rule, 'jwks');
    return;
  }
  keys.forEach((k, i) => {
    const key = k as Record<string, unknown> | null;
    if (key === null || typeof key !== 'object' || typeof key.kty !== 'string') {
      ctx.error(p, `jwks parse error: key at index ${i} has no "kty"`, rule, 'jwks');
    } else if (key.kty === 'oct' || key.d !== undefined) {
      ctx.warn(p, `jwks key at index ${i} contains private key material; only public keys are used for verification`, rule, 'jwks');
    }
  });
}

function validateTokenLocations(rule: JWTRule, p: string, ctx: ValidationContext): void {
  (rule.fromHeaders ?? []).forEach((h, i) => {
    const hp = `${p}.fromHeaders[${i}].name`;
    if (h.name === '') ctx.error(hp, 'location header name must be non-empty string', h, 'name');
    else if (!HEADER_NAME.test(h.name)) ctx.error(hp, `header name ${h.name} is not a valid header name`, h, 'name');
  });
  (rule.fromParams ?? []).forEach((q, i) => {
    if (q === '') ctx.error(`${p}.fromParams[${i}]`, 'location query must be non-empty string', rule.fromParams, i);
  });
  (rule.fromCookies ?? []).forEach((c, i) => {
    if (c === '') ctx.error(`${p}.fromCookies[${i}]`, 'cookie name must be non-empty string', rule.fromCookies, i);
  });
}

function validateOutputs(rule: JWTRule, p: string, ctx: ValidationContext): void {
  const out = rule.outputPayloadToHeader;
  if (out !== undefined && out !== '' && !HEADER_NAME.test(out)) ctx.error(`${p}.outputPayloadToHeader`, `header name ${out} is not a valid header name`, rule, 'outputPayloadToHeader');
  const seen = new Set<string>();
  (rule.outputClaimToHeaders ?? []).forEach((c, i) => {
    const cp = `${p}.outputClaimToHeaders[${i}]`;
    if (c.claim === '' || c.header === '') {
      ctx.error(cp, 'outputClaimToHeaders header and claim value must be non-empty string', rule.outputClaimToHeaders, i);
      return;
    }
    if (!STRICT_HEADER_NAME.test(c.header)) ctx.error(`${cp}.header`, `header name ${c.header} is not a valid header name`, c, 'header');
    const lower = c.header.toLowerCase();
    if (seen.has(lower)) ctx.warn(`${cp}.header`, `header ${c.header} is already written by an earlier outputClaimToHeaders entry; headers must be unique`, c, 'header');
    seen.add(lower);
  });
}
