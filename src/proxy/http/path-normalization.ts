/**
 * Request path normalization, as the HTTP connection manager does it before routing and before any
 * HTTP filter sees the request (Istio's mesh default `pathNormalization: BASE` generates
 * `normalize_path: true` and `path_with_escaped_slashes_action: KEEP_UNCHANGED`):
 *
 * 1. `path_with_escaped_slashes_action`: `%2F`/`%5C` (either case) kept, rejected (400), or unescaped
 *    and forwarded, or unescaped and answered with a redirect to the unescaped path.
 * 2. `normalize_path` (RFC 3986 §5.2.4 plus the URL canonicalization Envoy borrows from Chromium):
 *    escapes of unreserved characters are decoded (`%30` → `0`, `%2E` → `.`), `\` becomes `/`, a
 *    missing leading `/` is added, `.`/`..` segments are removed without climbing above the root,
 *    characters a path may not carry are percent-encoded; other escapes (`%2F`, `%5c`, `%c0`) are
 *    kept as written. An escaped NUL (`%00`) makes the path invalid (400).
 * 3. `merge_slashes`: runs of `/` become one.
 *
 * Only the path is touched; the query (from the first `?`) is kept byte for byte.
 */

export type EscapedSlashesAction = 'KEEP_UNCHANGED' | 'REJECT_REQUEST' | 'UNESCAPE_AND_REDIRECT' | 'UNESCAPE_AND_FORWARD';

export interface PathNormalizationConfig {
  readonly normalizePath: boolean;
  readonly mergeSlashes: boolean;
  readonly escapedSlashesAction: EscapedSlashesAction;
}

/** What to do with the request: go on with `path` (maybe unchanged), redirect to it, or reject it. */
export type PathNormalizationResult = { action: 'continue'; path: string } | { action: 'redirect'; path: string } | { action: 'reject'; details: string };

/** Whether any normalization is configured (a request pays nothing when none is). */
export function normalizesPaths(c: PathNormalizationConfig): boolean {
  return c.normalizePath || c.mergeSlashes || c.escapedSlashesAction !== 'KEEP_UNCHANGED';
}

export function normalizeRequestPath(c: PathNormalizationConfig, target: string): PathNormalizationResult {
  const q = target.indexOf('?');
  const original = q < 0 ? target : target.slice(0, q);
  let path = original;
  const query = q < 0 ? '' : target.slice(q);
  let redirect = false;
  if (c.escapedSlashesAction !== 'KEEP_UNCHANGED' && ESCAPED_SLASH.test(path)) {
    if (c.escapedSlashesAction === 'REJECT_REQUEST') return { action: 'reject', details: 'path_normalization_failed' };
    path = path.replace(ESCAPED_SLASHES, (m) => (m[2] === 'f' || m[2] === 'F' ? '/' : '\\'));
    redirect = c.escapedSlashesAction === 'UNESCAPE_AND_REDIRECT';
  }
  if (c.normalizePath) {
    const canonical = canonicalPath(path);
    if (canonical === undefined) return { action: 'reject', details: 'path_normalization_failed' };
    path = canonical;
  }
  if (c.mergeSlashes) path = mergeSlashes(path);
  if (redirect) return { action: 'redirect', path: path + query };
  // The common case (nothing to change) keeps the request's own string.
  return { action: 'continue', path: path === original ? target : path + query };
}

const ESCAPED_SLASH = /%(2f|5c)/i;
const ESCAPED_SLASHES = /%(2f|5c)/gi;

/** Paths with nothing to canonicalize (the common case) skip the segment walk. */
const PLAIN_PATH = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@/]*$/;
const DOT_SEGMENT = /\/\.\.?(?:\/|$)/;

/** The canonical form of a path (no query), or undefined when it cannot be made valid. */
export function canonicalPath(path: string): string | undefined {
  if (PLAIN_PATH.test(path) && !DOT_SEGMENT.test(path)) return path;
  if (path.includes('%00')) return undefined;
  const input = encodeDisallowed(decodeUnreserved(path).replace(/\\/g, '/'));
  const segments = (input.startsWith('/') ? input.slice(1) : input).split('/');
  const out: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    const last = i === segments.length - 1;
    const dots = dotSegment(seg);
    if (dots === 0) {
      out.push(seg);
      continue;
    }
    if (dots === 2 && out.length > 0) out.pop();
    // A trailing dot segment leaves the directory it names: `/a/b/..` is `/a/`.
    if (last) out.push('');
  }
  return '/' + out.join('/');
}

/** 1 for `.`, 2 for `..`, 0 otherwise (escaped dots are decoded before). */
function dotSegment(seg: string): 0 | 1 | 2 {
  return seg === '.' ? 1 : seg === '..' ? 2 : 0;
}

const ESCAPED_UNRESERVED = /%(?:[46][1-9A-Fa-f]|[57][0-9Aa]|3[0-9]|2[Dd]|2[Ee]|5[Ff]|7[Ee])/g;

/** Decodes escapes of unreserved characters (`%41` → `A`, `%2E` → `.`); every other escape stays as written. */
function decodeUnreserved(path: string): string {
  if (!path.includes('%')) return path;
  return path.replace(ESCAPED_UNRESERVED, (m) => String.fromCharCode(parseInt(m.slice(1), 16)));
}

/** Percent-encodes what a path may not carry as is: controls, space, `"`, `<`, `>`, `` ` ``, `{`, `}` and non-ASCII (as UTF-8). */
function encodeDisallowed(path: string): string {
  if (!/[\u0000-\u0020"<>`{}\u007f-\uffff]/.test(path)) return path;
  let out = '';
  for (const ch of path) {
    const code = ch.codePointAt(0)!;
    if (code > 0x20 && code < 0x7f && !'"<>`{}'.includes(ch)) out += ch;
    else for (const b of Buffer.from(ch, 'utf8')) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function mergeSlashes(path: string): string {
  return path.includes('//') ? path.replace(/\/{2,}/g, '/') : path;
}
