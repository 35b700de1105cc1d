/**
 * JWKS URIs of RequestAuthentication (`jwksUri`): an absolute http or https URL with a host.
 * Parsing yields what a generator needs to build the JWKS fetch cluster (host, port, TLS).
 * Returns an error message instead of throwing.
 */
import { isIP } from './values.ts';
import { validateFQDN } from './hosts.ts';

export interface JwksUriInfo {
  scheme: 'http' | 'https';
  /** Host name or IP address, without brackets. */
  hostname: string;
  /** Explicit port, or 80/443 by scheme. */
  port: number;
  useSSL: boolean;
  /** Path and query, as sent in the fetch request. */
  path: string;
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
const AUTHORITY = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/;

export const MAX_JWKS_URI_LENGTH = 2048;

export function parseJwksUri(uri: string): JwksUriInfo | { error: string } {
  if (uri.length > MAX_JWKS_URI_LENGTH) return { error: `URI is longer than ${MAX_JWKS_URI_LENGTH} characters` };
  const scheme = SCHEME.exec(uri)?.[1].toLowerCase() ?? '';
  if (scheme !== 'http' && scheme !== 'https') {
    const hint = scheme === '' ? '; write the full URL, such as https://' + uri.replace(/^\/+/, '') : '';
    return { error: `URI scheme "${scheme}" is not supported: url must have scheme http:// or https://${hint}` };
  }
  const authority = AUTHORITY.exec(uri)?.[1];
  if (!authority || authority.replace(/^[^@]*@/, '').replace(/:[0-9]*$/, '') === '') return { error: `URL "${uri}" has no host; write it as ${scheme}://HOST/PATH` };
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return { error: `"${uri}" is not a valid URL` };
  }
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  if (hostname === '') return { error: `URL "${uri}" has no host` };
  if (!isIP(hostname)) {
    const e = validateFQDN(hostname.replace(/\.$/, ''));
    if (e) return { error: `URL "${uri}" has an invalid host: ${e}` };
  }
  const port = url.port ? Number(url.port) : scheme === 'https' ? 443 : 80;
  return { scheme, hostname, port, useSSL: scheme === 'https', path: url.pathname + url.search };
}
