/**
 * Host name rules shared by the validators: DNS-1123 labels, FQDNs, wildcard domains
 * (`*.example.com`, `*`), and the `namespace/host` form of Gateway servers and Sidecar egress.
 * Each function returns an error message, or undefined when the value is fine.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/i;

export function isDNS1123Label(s: string): boolean {
  return s.length > 0 && s.length <= 63 && DNS1123_LABEL.test(s);
}

/** `*`, `*foo` style first labels: Istio only allows the wildcard as the whole first label or as its prefix. */
export function isWildcardDNS1123Label(s: string): boolean {
  if (s === '*') return true;
  if (s.startsWith('*')) return s.length <= 63 && isDNS1123Label(s.slice(1).replace(/^-+/, 'x'));
  return isDNS1123Label(s);
}

function preconditions(name: string): string | undefined {
  if (name.length > 255) return `domain name "${name}" too long (max 255)`;
  if (name.length === 0) return 'empty domain name not allowed';
  return undefined;
}

function labelsError(domain: string, rest: string): string | undefined {
  const parts = rest.split('.');
  for (const label of parts) {
    if (!isDNS1123Label(label)) return `domain name "${domain}" invalid (label "${label}" invalid)`;
  }
  return undefined;
}

/** A fully-qualified domain name (no wildcard). */
export function validateFQDN(fqdn: string): string | undefined {
  return preconditions(fqdn) ?? labelsError(fqdn, fqdn);
}

/** A domain that may start with a wildcard label: `*`, `*.example.com`, `foo.example.com`. */
export function validateWildcardDomain(domain: string): string | undefined {
  const pre = preconditions(domain);
  if (pre) return pre;
  const dot = domain.indexOf('.');
  const first = dot < 0 ? domain : domain.slice(0, dot);
  if (!isWildcardDNS1123Label(first)) return `domain name "${domain}" invalid (label "${first}" invalid)`;
  if (dot >= 0) return labelsError(domain, domain.slice(dot + 1));
  return undefined;
}

/** An IP address (v4 or v6) written as a host. */
export function isIPAddress(s: string): boolean {
  return /^(\d{1,3})(\.\d{1,3}){3}$/.test(s) ? s.split('.').every((o) => Number(o) <= 255) : s.includes(':') && /^[0-9a-f:.]+$/i.test(s);
}

/**
 * `namespace/host` as used by Gateway servers and Sidecar egress hosts. The namespace part may be
 * `*`, `.` or `~` (Sidecar only), or a namespace name; the host part a wildcard domain.
 */
export function validateNamespaceSlashWildcardHostname(hostname: string, isGateway: boolean): string | undefined {
  const parts = hostname.split('/');
  if (parts.length !== 2) {
    if (isGateway) return validateWildcardDomain(hostname);
    return `host must be of form namespace/dnsName (got "${hostname}")`;
  }
  const [ns, host] = parts;
  if (ns.length === 0) return `namespace in "${hostname}" must not be empty; use "*" for any namespace or "." for the same namespace`;
  if (host.length === 0) return `dnsName in "${hostname}" must not be empty; use "*" for all hosts`;
  if (!isGateway && ns === '~') {
    // `~/host` means no namespace: allowed in Sidecar egress.
  } else if (ns !== '*' && ns !== '.' && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ns)) {
    return `invalid namespace "${ns}" in host "${hostname}"`;
  }
  return validateWildcardDomain(host);
}

/** Short names (`reviews`) are resolved against the resource's namespace; FQDNs and wildcards pass through. */
export function isShortName(host: string): boolean {
  return !host.includes('.') && host !== '*';
}

/**
 * Istio's exact DNS label rules (agent.ValidateDNS1123Labels): every label a DNS-1123 label, one
 * trailing dot allowed (`istio.io.`), and a top-level domain that is not all digits — which is
 * what keeps IP addresses such as `10.0.0.1` out of host fields.
 */
export function validateDomainLabels(domain: string): string | undefined {
  if (plainlyValid(domain)) return undefined;
  const parts = domain.split('.');
  const tld = parts[parts.length - 1];
  if (/^[+-]?\d+$/.test(tld)) return `domain name "${domain}" invalid (top level domain "${tld}" cannot be all-numeric)`;
  for (let i = 0; i < parts.length; i++) {
    if (i === parts.length - 1 && parts[i] === '') return undefined;
    if (!isDNS1123Label(parts[i])) return `domain name "${domain}" invalid (label "${parts[i]}" invalid)`;
  }
  return undefined;
}

/**
 * One pass over a domain that answers true only when validateDomainLabels finds nothing: labels of
 * 1–63 letters, digits and inner hyphens, a last label that is not all digits, an optional trailing
 * dot. Anything else (rare) goes the long way, which words the message.
 */
function plainlyValid(d: string): boolean {
  let start = 0;
  let digitsOnly = true;
  for (let i = 0; i < d.length; i++) {
    const c = d.charCodeAt(i);
    if (c === 0x2e) {
      if (!labelShapeOk(d, start, i)) return false;
      start = i + 1;
      digitsOnly = true;
    } else if (c < 0x30 || c > 0x39) {
      digitsOnly = false;
      const lower = c | 0x20;
      if (c !== 0x2d && (lower < 0x61 || lower > 0x7a)) return false;
    }
  }
  if (start === d.length) return true; // a trailing dot (or nothing at all), as validateDomainLabels
  return !digitsOnly && labelShapeOk(d, start, d.length);
}

/** `d[start, end)` is 1–63 characters not starting or ending with a hyphen (its characters are checked by the caller). */
function labelShapeOk(d: string, start: number, end: number): boolean {
  const n = end - start;
  return n >= 1 && n <= 63 && d.charCodeAt(start) !== 0x2d && d.charCodeAt(end - 1) !== 0x2d;
}

/** Istio's ValidateFQDN: like validateFQDN, plus the all-numeric top-level-domain rule and a trailing dot. */
export function validateStrictFQDN(fqdn: string): string | undefined {
  return preconditions(fqdn) ?? validateDomainLabels(fqdn);
}

/**
 * Istio's ValidateWildcardDomain: a wildcard only in the first label (`*`, `*.example.com`,
 * `*-x.example.com`), the rest checked by validateDomainLabels (so raw IPs are rejected).
 */
export function validateStrictWildcardDomain(domain: string): string | undefined {
  // The common case in one pass: no wildcard, every label fine (the slow path below would agree).
  if (domain.length > 0 && domain.length <= 255 && plainlyValid(domain)) return undefined;
  const pre = preconditions(domain);
  if (pre) return pre;
  const dot = domain.indexOf('.');
  const first = dot < 0 ? domain : domain.slice(0, dot);
  if (!/^(\*|(\*|\*-)?[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?)$/.test(first) || first.length > 63) {
    return `domain name "${domain}" invalid (label "${first}" invalid)`;
  }
  return dot >= 0 ? validateDomainLabels(domain.slice(dot + 1)) : undefined;
}

/** A wildcard anywhere but as the whole host or a `*.` prefix (`foo*.com`, `*foo.com`). */
export function validatePartialWildcard(host: string): string | undefined {
  if (host.includes('*') && host !== '*' && !host.startsWith('*.')) return `partial wildcard "${host}" not allowed`;
  return undefined;
}

const isWild = (h: string): boolean => h.startsWith('*');

/** Istio's host.Name.Matches: the two hosts (either may be a wildcard) have a host in common. */
export function hostsMatch(a: string, b: string): boolean {
  if (isWild(a)) return isWild(b) ? (a.length < b.length ? b.slice(1).endsWith(a.slice(1)) : a.slice(1).endsWith(b.slice(1))) : b.endsWith(a.slice(1));
  if (isWild(b)) return a.endsWith(b.slice(1));
  return a === b;
}

/** Istio's host.Name.SubsetOf: every host `a` matches is matched by `b`. */
export function hostSubsetOf(a: string, b: string): boolean {
  if (isWild(a)) return isWild(b) && a.length >= b.length && a.slice(1).endsWith(b.slice(1));
  if (isWild(b)) return a.endsWith(b.slice(1));
  return a === b;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
function looksLikeIP(s: string): boolean {
  return IPV4.test(s) || (s.includes(':') && /^[0-9a-fA-F:.]+$/.test(s));
}

function hostPartProblems(host: string, isGateway: boolean): string[] {
  const out: string[] = [];
  if (host !== '*' && !host.includes('.')) out.push('short names (non FQDN) are not allowed');
  const e = validateStrictWildcardDomain(host);
  if (e && !(isGateway && looksLikeIP(host))) out.push(e);
  const p = validatePartialWildcard(host);
  if (p) out.push(p);
  return out;
}

/**
 * Every problem of a `namespace/dnsName` host of a Gateway server (`isGateway`) or a Sidecar egress
 * listener, after Istio's ValidateNamespaceSlashWildcardHostname: the namespace may be `*`, `.` or a
 * DNS label (Sidecar: optionally `~`-prefixed), the dnsName an FQDN or wildcard (Gateway: or an IP),
 * never a short name or a partial wildcard. A Gateway host without `/` is the old style, meaning any namespace.
 */
export function namespaceSlashHostProblems(hostname: string, isGateway: boolean): string[] {
  const slash = hostname.indexOf('/');
  if (slash < 0) {
    if (isGateway) return hostPartProblems(hostname, true);
    return [`host "${hostname}" must be of form namespace/dnsName, e.g. "*/${hostname}" for any namespace or "./${hostname}" for this one`];
  }
  const ns = hostname.slice(0, slash);
  const host = hostname.slice(slash + 1);
  const out: string[] = [];
  if (ns === '' || host === '') out.push('config namespace and dnsName in host entry cannot be empty');
  if (!isGateway) {
    const bare = ns.startsWith('~') ? ns.slice(1) : ns;
    if (bare !== '' && bare !== '*' && bare !== '.' && !isDNS1123Label(bare)) out.push(`invalid namespace value "${ns}" in sidecar`);
  } else if (ns !== '*' && ns !== '.' && !isDNS1123Label(ns)) {
    out.push(`invalid namespace value "${ns}" in gateway`);
  }
  if (host !== '') out.push(...hostPartProblems(host, isGateway));
  return out;
}

/** One problem of a gateway reference (`name`, `ns/name`, `mesh`), with its severity. */
export interface GatewayNameProblem {
  severity: 'Error' | 'Warning';
  message: string;
}

/** Istio's validateGatewayNames for one entry: `mesh`, `name`, `namespace/name`; `name.namespace` is the legacy form. */
export function gatewayNameProblems(name: string): GatewayNameProblem[] {
  const out: GatewayNameProblem[] = [];
  const slash = name.indexOf('/');
  if (slash < 0) {
    if (name.includes('.')) {
      const parts = name.split('.');
      out.push({ severity: 'Warning', message: `using legacy gatewayName format "${name}"; prefer the <namespace>/<name> format: "${parts[1]}/${parts[0]}"` });
    }
    const e = validateStrictFQDN(name);
    if (e) out.push({ severity: 'Error', message: e });
    return out;
  }
  const ns = name.slice(0, slash);
  const gw = name.slice(slash + 1);
  if (ns === '' || gw === '') out.push({ severity: 'Error', message: 'config namespace and gateway name cannot be empty' });
  if (!isDNS1123Label(ns)) out.push({ severity: 'Error', message: `invalid value for namespace: "${ns}"` });
  if (!isDNS1123Label(gw)) out.push({ severity: 'Error', message: `invalid value for gateway name: "${gw}"` });
  return out;
}
