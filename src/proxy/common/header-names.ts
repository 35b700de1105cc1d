/**
 * Lower-case header names for the codecs' fast paths without a string per line: a name that is
 * one of the common ones (matched in the read buffer, any case) comes back as the one shared
 * lower-case string literal, which later lookups (`headers[name]`, Set.has, ===) find by
 * identity. The caller has checked that the bytes form a token.
 */

const COMMON = [
  'accept',
  'accept-encoding',
  'accept-language',
  'accept-ranges',
  'access-control-allow-origin',
  'age',
  'authorization',
  'cache-control',
  'connection',
  'content-encoding',
  'content-language',
  'content-length',
  'content-type',
  'cookie',
  'date',
  'etag',
  'expect',
  'expires',
  'host',
  'keep-alive',
  'last-modified',
  'location',
  'origin',
  'pragma',
  'proxy-connection',
  'referer',
  'server',
  'set-cookie',
  'strict-transport-security',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'user-agent',
  'vary',
  'via',
  'x-content-type-options',
  'x-envoy-upstream-service-time',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-powered-by',
  'x-request-id',
];

/** Common names by length, then by first letter. */
const BY_LENGTH: (Map<number, string[]> | undefined)[] = [];
for (const name of COMMON) {
  const byFirst = (BY_LENGTH[name.length] ??= new Map<number, string[]>());
  const c = name.charCodeAt(0);
  const list = byFirst.get(c);
  if (list) list.push(name);
  else byFirst.set(c, [name]);
}

/** `name` matches d[from, from + name.length) ignoring ASCII case (d holds a token there). */
function sameIgnoringCase(d: Uint8Array, from: number, name: string): boolean {
  for (let i = 1; i < name.length; i++) {
    // Token characters that OR 0x20 onto a letter, digit or '-' are that character's two cases.
    if ((d[from + i] | 0x20) !== name.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * The shared lower-case literal of the common header name in d[from, to) (a token), or
 * undefined when it is not one of them: the caller slices and lower-cases it then.
 */
export function commonHeaderName(d: Uint8Array, from: number, to: number): string | undefined {
  const byFirst = BY_LENGTH[to - from];
  if (byFirst === undefined) return undefined;
  const list = byFirst.get(d[from] | 0x20);
  if (list === undefined) return undefined;
  for (let i = 0; i < list.length; i++) if (sameIgnoringCase(d, from, list[i])) return list[i];
  return undefined;
}
