/**
 * A route's `hashPolicy` list compiled (Envoy's HashPolicyImpl): each policy hashes one request
 * property with xxHash64 — a header value, a cookie, the downstream source IP or a query
 * parameter — and the results combine as `rotl1(previous) XOR next`; a `terminal` policy that
 * produced a hash ends the list. A cookie policy with a TTL whose cookie is absent generates one:
 * the value is the hex xxHash64 of the downstream remote and local addresses, sent back in a
 * `set-cookie` header (`name="value"; Max-Age=TTL; Path=PATH; HttpOnly`), so the next request
 * carries it. The consistent-hash load balancers use the result.
 */
import type { HashPolicy } from '../../envoy/types.ts';
import { parseDuration } from '../../common/duration.ts';
import { ConfigError } from '../config/config-error.ts';
import { uint64ToHex, xxHash64 } from '../upstream/lb/xxhash64.ts';

/** The request properties hash policies read. */
export interface HashRequest {
  /** A request header (lower-case name; `:authority`, `:path`, ... too). */
  header(name: string): string | undefined;
  /** The first decoded value of a query parameter. */
  queryParam(name: string): string | undefined;
  /** The downstream peer's IP address, '' when unknown. */
  readonly sourceIp: string;
}

/** Called when a cookie policy must create its cookie; returns the value the request now hashes. */
export type AddCookie = (name: string, path: string, ttlSeconds: number) => string;

type Method = (req: HashRequest, addCookie: AddCookie | undefined) => bigint | undefined;

const MASK64 = (1n << 64n) - 1n;

/** The value of cookie `name` in the request's `cookie` header(s), unquoted; '' when absent. */
export function parseCookieValue(cookieHeader: string | undefined, name: string): string {
  if (!cookieHeader) return '';
  for (const part of cookieHeader.split(/[;,]/)) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    let v = part.slice(eq + 1).trim();
    if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
    return v;
  }
  return '';
}

/** Envoy's makeSetCookieValue with HttpOnly. */
export function makeSetCookieValue(name: string, value: string, path: string, maxAgeSeconds: number): string {
  let s = `${name}="${value}"`;
  if (maxAgeSeconds !== 0) s += `; Max-Age=${maxAgeSeconds}`;
  if (path) s += `; Path=${path}`;
  return s + '; HttpOnly';
}

/** The generated cookie value for a downstream connection (stable per connection). */
export function generatedCookieValue(remoteAddress: string, localAddress: string): string {
  return uint64ToHex(xxHash64(remoteAddress + localAddress));
}

function compileOne(p: HashPolicy): Method | undefined {
  if (p.header) {
    if (!p.header.headerName) throw new ConfigError('hashPolicy.header needs headerName');
    const name = p.header.headerName.toLowerCase();
    return (req) => {
      const v = req.header(name);
      return v === undefined ? undefined : xxHash64(v);
    };
  }
  if (p.cookie) return compileCookie(p.cookie);
  if (p.connectionProperties) return p.connectionProperties.sourceIp ? (req) => (req.sourceIp ? xxHash64(req.sourceIp) : undefined) : undefined;
  if (p.queryParameter) {
    const name = p.queryParameter.name;
    if (!name) throw new ConfigError('hashPolicy.queryParameter needs name');
    return (req) => {
      const v = req.queryParam(name);
      return v === undefined ? undefined : xxHash64(v);
    };
  }
  if (p.filterState) return undefined;
  throw new ConfigError('hashPolicy needs one of header, cookie, connectionProperties, queryParameter, filterState');
}

function compileCookie(c: NonNullable<HashPolicy['cookie']>): Method {
  if (!c.name) throw new ConfigError('hashPolicy.cookie needs name');
  let ttl: number | undefined;
  if (c.ttl !== undefined) {
    const ms = parseDuration(c.ttl);
    if (ms === undefined || ms < 0) throw new ConfigError(`hashPolicy.cookie ttl "${c.ttl}" is not a valid duration`);
    ttl = Math.floor(ms / 1000);
  }
  const { name } = c;
  const path = c.path ?? '';
  return (req, addCookie) => {
    const existing = parseCookieValue(req.header('cookie'), name);
    if (existing) return xxHash64(existing);
    if (ttl === undefined || !addCookie) return undefined;
    const created = addCookie(name, path, ttl);
    return created ? xxHash64(created) : undefined;
  };
}

export class RouteHashPolicy {
  private readonly methods: { fn: Method; terminal: boolean }[] = [];

  constructor(policies: readonly HashPolicy[]) {
    for (const p of policies) {
      const fn = compileOne(p);
      if (fn) this.methods.push({ fn, terminal: p.terminal === true });
    }
  }

  get empty(): boolean {
    return this.methods.length === 0;
  }

  /** The request hash, or undefined when no policy produced one (the balancer then picks at random). */
  generateHash(req: HashRequest, addCookie?: AddCookie): bigint | undefined {
    let hash: bigint | undefined;
    for (const m of this.methods) {
      const next = m.fn(req, addCookie);
      if (next !== undefined) {
        const rotated = hash === undefined ? 0n : ((hash << 1n) | (hash >> 63n)) & MASK64;
        hash = rotated ^ next;
      }
      if (m.terminal && hash !== undefined) break;
    }
    return hash;
  }
}
