/**
 * HTTP rules shared by the validators, worded as Istio's admission webhook words them: header
 * names (match, add/set/remove), header values with Envoy's `%VAR%` syntax, `retryOn` policies,
 * gRPC status names, CORS methods, redirect codes. Each function returns an error message, or
 * undefined when the value is fine.
 */
import { memoizeBounded } from '../../../common/lru-cache.ts';

const TOKEN = /^[!#$%&'*+\-.^_`|~A-Za-z0-9]+$/;
const PSEUDO_HEADERS = new Set([':method', ':scheme', ':authority', ':path', ':status']);
const JWT_CLAIM_PREFIX = '@request.auth.claims';

/** `@request.auth.claims.sub` or `@request.auth.claims[sub]`: Istio's JWT-claim routing pseudo header. */
export function isJwtClaimHeader(name: string): boolean {
  if (name.charCodeAt(0) !== 0x40) return false; // no other character lower-cases to the prefix's `@`
  if (!name.toLowerCase().startsWith(JWT_CLAIM_PREFIX)) return false;
  const rest = name.slice(JWT_CLAIM_PREFIX.length);
  return (rest.startsWith('.') && rest.length > 1) || (rest.startsWith('[') && rest.endsWith(']') && rest.length > 2);
}

/** A header name in a match (`headers`, `withoutHeaders`): an HTTP token, a pseudo header or a JWT claim. */
export function validateMatchHeaderName(name: string): string | undefined {
  if (name === '') return 'header name cannot be empty';
  if (isJwtClaimHeader(name) || PSEUDO_HEADERS.has(name)) return undefined;
  if (!TOKEN.test(name)) return `header name ${name} is not a valid header name`;
  return undefined;
}

/** Header names are case-insensitive; Envoy and HTTP/2 use lower case. */
export function isLowerCaseHeaderName(name: string): boolean {
  return isJwtClaimHeader(name) || isLowerCase(name);
}

/** `s === s.toLowerCase()`, without making the lower-case copy when `s` is ASCII. */
function isLowerCase(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) return false;
    if (c >= 0x80) return s === s.toLowerCase();
  }
  return true;
}

function isInternalHeader(name: string): boolean {
  return name.startsWith(':') || name.toLowerCase() === 'host';
}

export function isAuthorityHeader(name: string): boolean {
  const n = name.toLowerCase();
  return n === ':authority' || n === 'host';
}

/** A header name in request `set`/`add`: `:authority`/`host` allowed (checked separately), other pseudo headers not. */
export function validateRequestHeaderOperationName(name: string): string | undefined {
  if (name === '') return 'header name cannot be empty';
  if (isInternalHeader(name) && !isAuthorityHeader(name)) return `invalid header "${name}": header cannot have ":" prefix`;
  return undefined;
}

/** A header name in request `remove` and in any response operation. */
export function validateHeaderOperationName(name: string): string | undefined {
  if (name === '') return 'header name cannot be empty';
  if (name.toLowerCase() === 'host') return `invalid header "${name}": cannot set Host header`;
  if (isInternalHeader(name)) return `invalid header "${name}": header cannot have ":" prefix`;
  return undefined;
}

const CONTROL = /[\u0000-\u0008\u000A-\u001F\u007F]/;

/**
 * A header value: no control characters, and `%` either escaped as `%%` or opening an Envoy
 * command operator `%VAR%` / `%VAR(args)%` that is closed (Envoy's header_parser rules).
 */
export function validateHeaderValue(value: string): string | undefined {
  if (CONTROL.test(value)) return `header value configuration ${JSON.stringify(value)} is invalid: it contains control characters`;
  const e = headerFormatterError(value);
  return e ? `header value configuration: ${e}; write a literal % as %%` : undefined;
}

type State = 'literal' | 'var' | 'expectArray' | 'expectString' | 'string' | 'delimOrEnd' | 'argsEnd' | 'varEnd';

function headerFormatterError(v: string): string | undefined {
  let state: State = 'literal';
  for (let i = 0; i < v.length; i++) {
    const ch = v[i];
    const hasNext = i + 1 < v.length;
    switch (state) {
      case 'literal':
        if (ch !== '%') break;
        if (!hasNext) return 'un-escaped %';
        if (v[i + 1] === '%') i++;
        else state = 'var';
        break;
      case 'var':
        if (ch === '%') state = 'literal';
        else if (ch === '(') state = 'expectArray';
        break;
      case 'expectArray':
        if (ch === '[') state = 'expectString';
        else if (ch !== ' ') state = 'string';
        break;
      case 'delimOrEnd':
        if (ch === ',') state = 'expectString';
        else if (ch === ']') state = 'argsEnd';
        else if (ch !== ' ') return "expecting ',', ']', or whitespace";
        break;
      case 'expectString':
        if (ch === '"') state = 'string';
        else if (ch !== ' ') return "expecting '\"'";
        break;
      case 'string':
        if (ch === '\\') {
          if (!hasNext) return 'un-terminated backslash in JSON string';
          i++;
        } else if (ch === ')') state = 'varEnd';
        else if (ch === '"') state = 'delimOrEnd';
        break;
      case 'argsEnd':
        if (ch === ')') state = 'varEnd';
        else if (ch !== ' ') return "expecting ')' or whitespace";
        break;
      case 'varEnd':
        if (ch === '%') state = 'literal';
        else if (ch !== ' ') return "expecting '%' or whitespace";
        break;
    }
  }
  return state === 'literal' ? undefined : `un-terminated variable expression '${v}'`;
}

/** Envoy's `x-envoy-retry-on` and `x-envoy-retry-grpc-on` policies that Istio accepts in `retryOn`. */
export const RETRY_ON_POLICIES = [
  '5xx',
  'gateway-error',
  'reset',
  'reset-before-request',
  'connect-failure',
  'retriable-4xx',
  'refused-stream',
  'retriable-status-codes',
  'retriable-headers',
  'envoy-ratelimited',
  'http3-post-connect-failure',
  'cancelled',
  'deadline-exceeded',
  'internal',
  'resource-exhausted',
  'unavailable',
] as const;

/** HTTP status codes with a registered reason phrase (the codes Go's net/http knows). */
const KNOWN_STATUS = new Set([
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307, 308, 400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411,
  412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424, 425, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
]);

const RETRY_ON = new Set<string>(RETRY_ON_POLICIES);

/** Each invalid entry of a comma-separated `retryOn` value (a configuration repeats a few values). */
export const invalidRetryOnPolicies: (retryOn: string) => readonly string[] = memoizeBounded(
  (retryOn) => Object.freeze(retryOn.split(',').filter((p) => !RETRY_ON.has(p) && !(/^\d+$/.test(p) && KNOWN_STATUS.has(Number(p))))),
  256,
);

/** gRPC status names accepted by fault.abort.grpcStatus. */
export const GRPC_STATUS_CODES = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
] as const;

export function validateGrpcStatus(status: string): string | undefined {
  if ((GRPC_STATUS_CODES as readonly string[]).includes(status)) return undefined;
  return `gRPC status "${status}" is not supported; use a status name such as NOT_FOUND or UNAVAILABLE (all caps, not a number)`;
}

/** Istio's HTTP status rule for fault aborts and direct responses. */
export function validateHttpStatusRange(status: number): string | undefined {
  if (status < 200 || status > 599) return `HTTP status ${status} is not in range 200-599`;
  return undefined;
}

export const CORS_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', '*'] as const;

export function validateCorsMethod(method: string): string | undefined {
  if ((CORS_METHODS as readonly string[]).includes(method)) return undefined;
  return `"${method}" is not a supported HTTP method; use one of ${CORS_METHODS.join(', ')}`;
}

/** A header name in CORS allowHeaders/exposeHeaders: `*` or an HTTP token. */
export function validateCorsHeaderName(name: string): string | undefined {
  if (name === '') return 'header name cannot be empty';
  if (name === '*' || TOKEN.test(name)) return undefined;
  return `header name ${name} is not a valid header name`;
}
