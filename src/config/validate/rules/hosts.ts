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
