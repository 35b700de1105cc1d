/**
 * The request to explain, normalised the way a client (curl) sends it: scheme, host and port from
 * the URL (`--port` overrides the port connected to), the Host header (`host` or `host:port` for
 * a non-default port, or an explicit `-H 'Host: ...'`), the method, lower-cased headers, and the
 * TLS server name (the URL host for https unless `--sni` says otherwise).
 */
import type { ExplainRequestInput, ExplainResult } from './types.ts';

export type NormalizedRequest = ExplainResult['request'];

export class RequestError extends Error {}

function headerEntries(h: ExplainRequestInput['headers']): [string, string][] {
  if (!h) return [];
  if (Array.isArray(h)) return h.map(([k, v]) => [k, v]);
  return Object.entries(h as Record<string, string>);
}

/** Parses `Name: value` as written after -H. */
export function parseHeaderArg(s: string): [string, string] {
  const i = s.indexOf(':');
  if (i <= 0) throw new RequestError(`header "${s}" is not of the form "Name: value"`);
  return [s.slice(0, i).trim(), s.slice(i + 1).trim()];
}

export function normalizeRequest(input: ExplainRequestInput): NormalizedRequest {
  let url: URL;
  try {
    url = new URL(input.url.includes('://') ? input.url : `http://${input.url}`);
  } catch {
    throw new RequestError(`"${input.url}" is not a URL; write it as http://host[:port]/path`);
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (scheme !== 'http' && scheme !== 'https') throw new RequestError(`scheme "${scheme}" is not supported; use http or https`);
  const defaultPort = scheme === 'https' ? 443 : 80;
  const urlPort = url.port ? Number(url.port) : defaultPort;
  const port = input.port ?? urlPort;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const headers: Record<string, string> = {};
  for (const [k, v] of headerEntries(input.headers)) {
    const name = k.toLowerCase();
    headers[name] = headers[name] !== undefined ? `${headers[name]},${v}` : v;
  }
  const authority = headers.host ?? (urlPort === defaultPort ? url.hostname : `${url.hostname}:${urlPort}`);
  delete headers.host;
  const method = (input.method ?? 'GET').toUpperCase();
  const path = (url.pathname || '/') + url.search;
  const out: NormalizedRequest = { method, scheme, authority, host, port, path, headers };
  const sni = input.sni ?? (scheme === 'https' ? host : undefined);
  if (sni) out.sni = sni.toLowerCase();
  return out;
}

/** Headers as route matching sees them: pseudo-headers plus the request's own. */
export function matchHeaders(r: NormalizedRequest, authority: string, xForwardedProto: string | undefined): Record<string, string> {
  const h: Record<string, string> = { ...r.headers, ':method': r.method, ':path': r.path, ':authority': authority, ':scheme': r.scheme };
  if (xForwardedProto !== undefined) h['x-forwarded-proto'] = xForwardedProto;
  return h;
}
