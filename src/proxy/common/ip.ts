/**
 * Address helpers on the request path: Envoy's notion of an "internal" peer (loopback and
 * RFC 1918 / unique-local ranges, which make a request carry `x-envoy-internal: true`) and the
 * `ip:port` / `[ipv6]:port` text Envoy writes in access logs.
 */

/** Strips the IPv4-mapped IPv6 prefix Node reports on dual-stack sockets. */
export function normalizeIp(ip: string | undefined): string {
  if (!ip) return '';
  return ip.startsWith('::ffff:') && ip.indexOf('.') > 0 ? ip.slice(7) : ip;
}

export function isInternalAddress(rawIp: string): boolean {
  const ip = normalizeIp(rawIp);
  if (ip.length === 0) return false;
  if (ip.indexOf(':') < 0) {
    if (ip.startsWith('10.') || ip.startsWith('127.') || ip.startsWith('192.168.')) return true;
    if (ip.startsWith('172.')) {
      const second = parseInt(ip.slice(4, ip.indexOf('.', 4)), 10);
      return second >= 16 && second <= 31;
    }
    return false;
  }
  const lower = ip.toLowerCase();
  return lower === '::1' || lower.startsWith('fd') || lower.startsWith('fc');
}

/** `1.2.3.4:80` or `[::1]:80`, Envoy's socket address text. */
export function formatAddress(ip: string | undefined, port: number | undefined): string {
  const host = normalizeIp(ip);
  if (!host) return '-';
  return host.indexOf(':') >= 0 ? `[${host}]:${port ?? 0}` : `${host}:${port ?? 0}`;
}

/** Splits `host:port` / `[v6]:port`; the port is undefined when absent or not numeric. */
export function splitHostPort(authority: string): { host: string; port: string | undefined } {
  if (authority.startsWith('[')) {
    const end = authority.indexOf(']');
    if (end > 0) {
      const rest = authority.slice(end + 1);
      return { host: authority.slice(0, end + 1), port: rest.startsWith(':') ? rest.slice(1) : undefined };
    }
    return { host: authority, port: undefined };
  }
  const colon = authority.lastIndexOf(':');
  if (colon < 0 || authority.indexOf(':') !== colon) return { host: authority, port: undefined };
  const port = authority.slice(colon + 1);
  return /^\d+$/.test(port) ? { host: authority.slice(0, colon), port } : { host: authority, port: undefined };
}
