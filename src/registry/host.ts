/**
 * Host names as Istio forms and compares them: FQDNs for Kubernetes services
 * (`name.namespace.svc.cluster.local`), short names resolved against the referring resource's
 * namespace, and wildcard semantics (`*`, `*.example.com`) for matching, subsets and intersections.
 */

export const DEFAULT_DOMAIN_SUFFIX = 'cluster.local';

const IPV4 = /^(\d{1,3})(\.\d{1,3}){3}$/;

export function isIpAddress(h: string): boolean {
  return IPV4.test(h) || (h.includes(':') && /^[0-9a-fA-F:.]+$/.test(h));
}

/** Character codes: compared with charCodeAt, which stays on V8's fast path for strings sliced from the YAML source. */
const STAR = 42;

export function isWildcard(h: string): boolean {
  return h.charCodeAt(0) === STAR;
}

/** `h` lower-cased; `h` itself, without allocating, when it has no upper-case or non-ASCII character (the usual case). */
export function lowerCaseHost(h: string): string {
  for (let i = 0; i < h.length; i++) {
    const c = h.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c > 127) return h.toLowerCase();
  }
  return h;
}

/** True when `s` contains the character `code`; see STAR for why charCodeAt rather than `includes`. */
export function hasChar(s: string, code: number): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === code) return true;
  return false;
}

/** True when `h` is namespace-qualified (`ns/host`). */
export function hasNamespace(h: string): boolean {
  return hasChar(h, 47);
}

/** The FQDN of a Kubernetes Service. */
export function kubernetesFqdn(name: string, namespace: string, domainSuffix = DEFAULT_DOMAIN_SUFFIX): string {
  return `${name}.${namespace}.svc.${domainSuffix}`;
}

/**
 * Istio's ResolveShortnameToFQDN: a name without dots (and not `*` or an IP) becomes
 * `name.namespace.svc.<suffix>`; anything else is taken as written, lower-cased.
 */
export function resolveShortName(host: string, namespace: string, domainSuffix = DEFAULT_DOMAIN_SUFFIX): string {
  const h = host.toLowerCase();
  if (h === '' || h === '*' || isIpAddress(h) || h.includes('.')) return h;
  return namespace ? `${h}.${namespace}.svc.${domainSuffix}` : h;
}

/** True when the two hosts can name the same thing (equal, or a wildcard covers the other). */
export function hostMatches(a: string, b: string): boolean {
  const aw = isWildcard(a);
  const bw = isWildcard(b);
  if (aw && bw) return a.length < b.length ? b.slice(1).endsWith(a.slice(1)) : a.slice(1).endsWith(b.slice(1));
  if (aw) return b.endsWith(a.slice(1));
  if (bw) return a.endsWith(b.slice(1));
  return a === b;
}

/** True when every name `a` covers is also covered by `b`. */
export function hostSubsetOf(a: string, b: string): boolean {
  if (a === b) return true;
  if (!isWildcard(b)) return false;
  if (b === '*') return true;
  return isWildcard(a) ? a.slice(1).endsWith(b.slice(1)) : a.endsWith(b.slice(1));
}

/** Istio's Names.Intersection: for each overlapping pair, the more specific of the two. */
export function hostIntersection(as: readonly string[], bs: readonly string[]): string[] {
  const out: string[] = [];
  for (const a of as) {
    const aw = isWildcard(a);
    for (const b of bs) {
      // Two names without wildcards overlap only when equal (the common case, kept cheap).
      const h = a === b ? a : !aw && !isWildcard(b) ? undefined : hostSubsetOf(a, b) ? a : hostSubsetOf(b, a) ? b : undefined;
      if (h !== undefined && !out.includes(h)) out.push(h);
    }
  }
  return out;
}

/** Splits `ns/host` (Gateway servers, Sidecar egress); a plain host has namespace `*`. */
export function splitNamespacedHost(h: string): { namespace: string; host: string } {
  const i = h.indexOf('/');
  return i < 0 ? { namespace: '*', host: h } : { namespace: h.slice(0, i), host: h.slice(i + 1) };
}

/** The server hosts usable by a resource of `namespace` (Istio's host.NamesForNamespace). */
export function hostsForNamespace(hosts: readonly string[], namespace: string): string[] {
  const out: string[] = [];
  for (const h of hosts) {
    const { namespace: ns, host } = splitNamespacedHost(h);
    if (ns === '*' || ns === namespace) out.push(host);
  }
  return out;
}

/** The most specific of `candidates` that covers `host` (exact first, then the longest wildcard). */
export function mostSpecificMatch(host: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const c of candidates) {
    if (c === host) return c;
    if (!hostSubsetOf(host, c)) continue;
    if (best === undefined || c.length > best.length) best = c;
  }
  return best;
}
