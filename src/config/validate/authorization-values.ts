/**
 * Value rules of AuthorizationPolicy sources, operations and `when` conditions, after Istio's
 * pkg/config/security: non-empty values, IPs and CIDRs, port strings, service accounts, trust
 * domains, path templates (`{*}`, `{**}`), HTTP methods, wildcard placement, and the attribute
 * names a `when` condition may use. Each check returns an error (or warning) text, or undefined.
 */
import { didYouMean } from '../../common/suggest.ts';
import { isDNS1123Label } from './rules/hosts.ts';
import { validateIPOrCIDR } from './rules/values.ts';

export interface ValueProblem {
  severity: 'Error' | 'Warning';
  message: string;
}

const err = (message: string): ValueProblem => ({ severity: 'Error', message });
const warn = (message: string): ValueProblem => ({ severity: 'Warning', message });

/** Checks one value of a list field; `field` is the field name for messages. */
export type ValueCheck = (value: string, field: string) => ValueProblem | undefined;

export const checkNonEmpty: ValueCheck = (v, field) => (v === '' ? err(`empty value not allowed, found in ${field}`) : undefined);

/**
 * Istio matches `*` alone (presence), `*suffix` and `prefix*`; a `*` anywhere else is compared
 * literally, which is almost never what was meant.
 */
export const checkWildcardPlacement: ValueCheck = (v, field) => {
  const first = v.indexOf('*');
  if (first < 0) return undefined;
  const n = first === v.lastIndexOf('*') ? 1 : 2; // one wildcard, or more
  if (v === '*') return undefined;
  if (n === 1 && (v.startsWith('*') || v.endsWith('*'))) return undefined;
  return warn(`"${v}" in ${field}: a wildcard is only supported alone, as a prefix ("*suffix") or as a suffix ("prefix*"); this value is matched literally`);
};

/** `ipBlocks`, `remoteIpBlocks`, `source.ip`, ...: an IP address or a CIDR range. */
export const checkIPOrCIDR: ValueCheck = (v) => {
  const e = validateIPOrCIDR(v);
  return e ? err(e) : undefined;
};

/** `ports`, `destination.port`: a decimal port number as a string. */
export const checkPortString: ValueCheck = (v) => {
  if (!/^[0-9]+$/.test(v)) return err(`bad port "${v}": must be a port number written as a string, such as "8080"`);
  const n = Number(v);
  if (n < 1 || n > 65535) return err(`bad port "${v}": must be in the range 1..65535`);
  return undefined;
};

/** `namespaces`: a namespace name, or a wildcard pattern. */
export const checkNamespaceValue: ValueCheck = (v, field) => {
  if (v.includes('*')) return checkWildcardPlacement(v, field);
  if (!isDNS1123Label(v) || v !== v.toLowerCase()) return warn(`"${v}" in ${field} is not a valid namespace name, so it can never match`);
  return undefined;
};

/** `serviceAccounts`: `name` or `namespace/name`, no wildcards, at most 320 characters. */
export const checkServiceAccount: ValueCheck = (v, field) => {
  if (v.includes('*')) return err(`wildcard not allowed, found in ${field}`);
  const slashes = v.split('/').length - 1;
  if (slashes > 1) return err(`expected format 'serviceAccount' or 'namespace/serviceAccount', found "${v}" in ${field}`);
  if (v.length > 320) return err(`value cannot exceed 320 characters, found "${v.slice(0, 40)}…" in ${field}`);
  if (slashes === 1) {
    const [ns, sa] = v.split('/');
    if (ns === '') return err(`expected format 'serviceAccount' or 'namespace/serviceAccount', found empty namespace "${v}" in ${field}`);
    if (sa === '') return err(`expected format 'serviceAccount' or 'namespace/serviceAccount', found empty serviceAccount "${v}" in ${field}`);
  }
  return undefined;
};

/** `trustDomains`: at most one wildcard, only at the start or end, and no `/`. */
export const checkTrustDomain: ValueCheck = (v, field) => {
  const n = v.split('*').length - 1;
  if (n > 1) return err(`at most one wildcard is allowed, found in ${field}: "${v}"`);
  if (n === 1 && v !== '*' && !v.startsWith('*') && !v.endsWith('*')) return err(`wildcard is only allowed at the start or end, found in ${field}: "${v}"`);
  if (v.includes('/')) return err(`trust domain must not contain '/', found in ${field}: "${v}"`);
  return undefined;
};

/** `requestPrincipals`: `<issuer>/<subject>` as RequestAuthentication produces it. */
export const checkRequestPrincipal: ValueCheck = (v, field) => {
  if (v.includes('*')) return checkWildcardPlacement(v, field);
  if (!v.includes('/')) return warn(`"${v}" in ${field} is not of the form <issuer>/<subject>, so it can never match a request principal`);
  return undefined;
};

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** `methods`: HTTP method tokens; methods are case-sensitive, so lower case never matches. */
export const checkMethod: ValueCheck = (v, field) => {
  if (!TOKEN.test(v)) return err(`invalid HTTP method "${v}" in ${field}`);
  if (v.includes('*')) return checkWildcardPlacement(v, field);
  if (v !== v.toUpperCase()) return warn(`method "${v}" in ${field} is not upper case; methods are case-sensitive, so it will not match ${v.toUpperCase()}`);
  return undefined;
};

const MATCH_ONE = '{*}';
const MATCH_ANY = '{**}';
const PCHAR = /^[a-zA-Z0-9\-._~%!$&'()+,;:@=]+$/;

/** `paths`: Envoy path templates (`{*}`, `{**}` last) or exact/prefix/suffix patterns starting with `/`. */
export const checkPath: ValueCheck = (v, field) => {
  // Without braces there is no template to check, segment by segment.
  if (v.includes('{') || v.includes('}')) {
    const e = checkTemplate(v, field);
    if (e !== NOT_TEMPLATED) return e;
  }
  if (v.includes('?')) return warn(`path "${v}" in ${field} contains "?"; paths are matched without the query string, so it can never match`);
  if (!v.startsWith('/') && !v.startsWith('*')) return warn(`path "${v}" in ${field} does not start with "/", so it can never match`);
  return checkWildcardPlacement(v, field);
};

const NOT_TEMPLATED: ValueProblem = { severity: 'Error', message: '' };

/** The problem of a path with braces, or undefined when it is a well-formed template; NOT_TEMPLATED when it is no template. */
function checkTemplate(v: string, field: string): ValueProblem | undefined {
  const templated = v.includes(MATCH_ONE) || v.includes(MATCH_ANY);
  const trimmed = v.replace(/^\/+|\/+$/g, '');
  let sawAny = false;
  for (const glob of trimmed.split('/')) {
    if (glob === MATCH_ONE || glob === MATCH_ANY) {
      if (sawAny) return err(`invalid or unsupported path ${v}, found in ${field}. {**} is not the last operator`);
      if (glob === MATCH_ANY) sawAny = true;
      continue;
    }
    if (/[{}]/.test(glob)) return err(`invalid or unsupported path ${v}, found in ${field}. Contains '{' or '}' beyond a supported path template`);
    if (templated && !PCHAR.test(glob)) return err(`invalid or unsupported path ${v}, found in ${field}. Contains segment ${glob} with invalid string literal`);
  }
  return templated ? undefined : NOT_TEMPLATED;
}

/** Keys a `when` condition may use as they are. */
export const WHEN_KEYS = [
  'source.ip',
  'remote.ip',
  'source.namespace',
  'source.serviceAccount',
  'source.principal',
  'source.trustDomain',
  'request.auth.principal',
  'request.auth.audiences',
  'request.auth.presenter',
  'destination.ip',
  'destination.port',
  'connection.sni',
] as const;

/** Keys written `name[sub]`: headers, JWT claims (nested as `[a][b]`), Envoy filter metadata. */
export const WHEN_MAP_KEYS = ['request.headers', 'request.auth.claims', 'experimental.envoy.filters'] as const;

const VALUE_CHECKS: Readonly<Record<string, ValueCheck>> = {
  'source.ip': checkIPOrCIDR,
  'remote.ip': checkIPOrCIDR,
  'destination.ip': checkIPOrCIDR,
  'destination.port': checkPortString,
  'source.serviceAccount': checkServiceAccount,
  'source.trustDomain': checkTrustDomain,
};

function mapKeyBase(key: string): string | undefined {
  for (const base of WHEN_MAP_KEYS) if (key.startsWith(base === 'experimental.envoy.filters' ? base + '.' : base + '[')) return base;
  return undefined;
}

/** `name[sub]` with a non-empty `sub`. */
function isMapKey(key: string): boolean {
  const open = key.indexOf('[');
  return key.endsWith(']') && open > 0 && open < key.length - 2;
}

/** Problems of a `when` key itself: unknown attributes, attributes replaced in v1beta1, `a[b]` syntax. */
export function checkWhenKey(key: string): ValueProblem | undefined {
  if (key === '') return err('`key` must not be empty');
  if ((WHEN_KEYS as readonly string[]).includes(key)) return undefined;
  if (mapKeyBase(key)) return isMapKey(key) ? undefined : err(`bad key (${key}): should have format a[b]`);
  if (key === 'destination.namespace') return err(`attribute ${key} is replaced by the metadata.namespace`);
  if (key.startsWith('destination.labels')) return err(`attribute ${key} is replaced by the workload selector`);
  if (key === 'destination.name' || key === 'destination.user') return err(`deprecated attribute ${key}: only supported in v1alpha1`);
  const known = [...WHEN_KEYS, ...WHEN_MAP_KEYS.map((k) => (k === 'experimental.envoy.filters' ? `${k}.NAME[KEY]` : `${k}[NAME]`))];
  return err(`unknown attribute: ${key}${didYouMean(key.replace(/\[.*$/, ''), [...WHEN_KEYS, ...WHEN_MAP_KEYS])}; supported keys are ${known.join(', ')}`);
}

/** The per-value check of a `when` key's values and notValues (non-empty always). */
export function whenValueCheck(key: string): ValueCheck {
  const specific = VALUE_CHECKS[key];
  return (v, field) => checkNonEmpty(v, field) ?? specific?.(v, field);
}
