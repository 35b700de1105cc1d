/**
 * The view of a request that route matching and header-value formatting read: path, headers
 * (lower-case names; pseudo-headers `:method`, `:path`, `:authority`, `:scheme`), query parameters
 * and the downstream TLS state. Implemented by the HTTP stream; test doubles implement it too.
 */

export interface MatchRequest {
  /** `:path` including the query string. */
  readonly path: string;
  /** `:path` without query string and fragment. */
  pathOnly(): string;
  /** A header value (several values joined by `,`), or undefined. `name` is lower-case. */
  header(name: string): string | undefined;
  /** The first value of a decoded query parameter, or undefined when absent. */
  queryParam(name: string): string | undefined;
  readonly tlsPresented: boolean;
  readonly tlsValidated: boolean;
}

/** Splits a query string into decoded first values (Envoy's parseAndDecodeQueryString). */
export function parseQuery(path: string): Map<string, string> {
  const out = new Map<string, string>();
  const q = path.indexOf('?');
  if (q < 0) return out;
  const hash = path.indexOf('#', q);
  const query = path.slice(q + 1, hash < 0 ? undefined : hash);
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decode(eq < 0 ? part : part.slice(0, eq));
    if (!out.has(name)) out.set(name, eq < 0 ? '' : decode(part.slice(eq + 1)));
  }
  return out;
}

function decode(s: string): string {
  if (s.indexOf('%') < 0) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** `:path` without query and fragment. */
export function stripQuery(path: string): string {
  let end = path.indexOf('?');
  const hash = path.indexOf('#');
  if (hash >= 0 && (end < 0 || hash < end)) end = hash;
  return end < 0 ? path : path.slice(0, end);
}
