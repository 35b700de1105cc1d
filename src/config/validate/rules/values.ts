/**
 * Value rules shared by the validators, worded as Istio's admission webhook words them:
 * ports, durations (≥ 1 ms, millisecond precision), percentages, protocols, HTTP status codes,
 * label selectors, CIDRs and IPs, and regular expressions under RE2 semantics (re2js).
 */
import ipaddr from 'ipaddr.js';
import { RE2JS } from 're2js';
import { parseDuration } from '../../../common/duration.ts';
import { memoizeString } from '../../../common/lru-cache.ts';

export function validatePort(port: number | undefined): string | undefined {
  if (port !== undefined && port >= 1 && port <= 65535 && Number.isInteger(port)) return undefined;
  return `port number ${port ?? 0} must be in the range 1..65535`;
}

/** Durations must be ≥ 1ms and carry at most millisecond precision. */
export function validateDuration(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === undefined) return `invalid duration "${text}"`;
  if (ms < 1) return 'duration must be greater than 1ms';
  if (Math.abs(ms - Math.round(ms)) > 1e-9) return 'only durations to ms precision are supported';
  return undefined;
}

/** Like validateDuration, but 0 is allowed (timeouts: 0 disables). */
export function validateDurationOrZero(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === 0) return undefined;
  return validateDuration(text);
}

export function validatePercentage(value: number | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value < 0 || value > 100) return `percentage ${value} is not in range 0..100`;
  return undefined;
}

export function validateHttpStatus(code: number | undefined): string | undefined {
  if (code === undefined || code < 200 || code > 599) return `invalid http status ${code ?? 0}`;
  return undefined;
}

/** Istio's port protocols; case-insensitive, `UNSUPPORTED` otherwise. */
export const PROTOCOLS = ['HTTP', 'HTTPS', 'GRPC', 'GRPC-WEB', 'HTTP2', 'HTTP_PROXY', 'MONGO', 'REDIS', 'MYSQL', 'TCP', 'TLS', 'UDP'] as const;

export function protocolOf(name: string | undefined): (typeof PROTOCOLS)[number] | undefined {
  if (!name) return undefined;
  const up = name.toUpperCase();
  return (PROTOCOLS as readonly string[]).includes(up) ? (up as (typeof PROTOCOLS)[number]) : undefined;
}

export function validateProtocol(name: string | undefined): string | undefined {
  if (name === undefined || name === '') return 'protocol must be set';
  if (!protocolOf(name)) return `unrecognized protocol "${name}"; use one of ${PROTOCOLS.join(', ')}`;
  return undefined;
}

/**
 * Compiles a pattern with RE2 semantics (what Envoy uses); returns the error text when it does not
 * compile. Memoised (LRU, bounded in entries and pattern length): compiling costs far more than a
 * lookup, and a configuration repeats its patterns and is loaded again on every change.
 */
export const validateRegex: (pattern: string) => string | undefined = memoizeString(compileVerdict, 1024, 1024);

function compileVerdict(pattern: string): string | undefined {
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (e) {
    return `"${pattern}" is not a valid RE2 regular expression: ${(e as Error).message.replace(/^error parsing regexp: /, '')}`;
  }
}

const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Kubernetes label key: optional DNS-subdomain prefix + `/` + name of ≤ 63 chars. */
export function validateLabelKey(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) return `invalid label key "${key}": prefix must be a DNS subdomain`;
  if (name.length === 0 || name.length > 63 || !LABEL_NAME.test(name)) return `invalid label key "${key}": name must be 63 characters or less, alphanumeric with '-', '_' or '.' inside`;
  return undefined;
}

export function validateLabelValue(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63 || !LABEL_NAME.test(value)) return `invalid label value "${value}": must be 63 characters or less, alphanumeric with '-', '_' or '.' inside`;
  return undefined;
}

/** All problems of a label map (selector or labels), as [key, message] pairs. */
export function labelProblems(labels: Record<string, string> | undefined): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    const e = validateLabelKey(k) ?? validateLabelValue(String(v));
    if (e) out.push([k, e]);
  }
  return out;
}

/** ipaddr.js's test for a four-part decimal IPv4 address, before it checks the octets. */
const FOUR_PART_DECIMAL = /^(0|[1-9]\d*)(\.(0|[1-9]\d*)){3}$/;

export function isIP(s: string): boolean {
  // Without a `:` only a four-part decimal address can pass, and most hosts are names: answer
  // those without ipaddr.js, whose parsers throw (and build a stack trace) on every non-address.
  if (typeof s === 'string' && !s.includes(':') && !FOUR_PART_DECIMAL.test(s)) return false;
  return ipaddr.isValid(s) && (ipaddr.IPv4.isValidFourPartDecimal(s) || s.includes(':'));
}

/** An IP or a CIDR (`10.0.0.0/8`, `::1/128`). */
export function validateIPOrCIDR(s: string): string | undefined {
  if (s.includes('/')) {
    try {
      ipaddr.parseCIDR(s);
      return undefined;
    } catch {
      return `invalid CIDR "${s}"`;
    }
  }
  return isIP(s) ? undefined : `invalid IP address "${s}"`;
}
