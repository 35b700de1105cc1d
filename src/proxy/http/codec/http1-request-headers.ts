/**
 * Raw HTTP/1.1 request header lines (`[Name, value, ...]` as llhttp delivers them) to the
 * lower-case header object the connection manager works on, with Node's rules for repeated
 * names (as `IncomingMessage.headers` had them): the first value wins for single-valued fields
 * (host, content-type, authorization, ...), `set-cookie` collects an array, `cookie` joins with
 * `; `, everything else joins with `, `.
 */
import type { RequestHeaders } from '../../router/header-mutation.ts';

const FIRST_WINS = new Set([
  'content-type',
  'content-length',
  'user-agent',
  'referer',
  'host',
  'authorization',
  'proxy-authorization',
  'if-modified-since',
  'if-unmodified-since',
  'from',
  'location',
  'max-forwards',
  'retry-after',
  'etag',
  'last-modified',
  'server',
  'age',
  'expires',
]);

function addRepeated(h: RequestHeaders, name: string, value: string, cur: string | string[]): void {
  if (name === 'set-cookie') {
    if (Array.isArray(cur)) cur.push(value);
    else h[name] = [cur, value];
  } else if (FIRST_WINS.has(name)) {
    // keep the first
  } else if (name === 'cookie') h[name] = `${cur as string}; ${value}`;
  else h[name] = `${cur as string}, ${value}`;
}

/** `lowered`: the names are lower-case already (the fast path's). */
export function toRequestHeaders(raw: string[], lowered = false): RequestHeaders {
  const h: RequestHeaders = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = lowered ? raw[i] : raw[i].toLowerCase();
    const value = raw[i + 1];
    const cur = h[name];
    if (cur === undefined || !Object.hasOwn(h, name)) h[name] = name === 'set-cookie' ? [value] : value;
    else addRepeated(h, name, value, cur);
  }
  return h;
}
