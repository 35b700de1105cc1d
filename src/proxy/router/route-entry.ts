/**
 * One Envoy `Route` compiled for the request path: the match predicate (path specifier, headers,
 * query parameters, runtime fraction, gRPC, TLS context), and the action — forward to a cluster
 * (weighted, rewrites, timeouts, retries, hash policies, mirrors, upgrades), redirect, or direct
 * response — with its
 * header mutations flattened across route, virtual host and route configuration levels.
 */
import { readFileSync } from 'node:fs';
import type { Route, RouteAction, RouteMatch } from '../../envoy/types.ts';
import { parseDuration } from '../../common/duration.ts';
import { compileRe2, envoySubstitutionToRe2js, type Re2 } from '../common/regex.ts';
import { runtimeFractionOf, sample } from '../common/percent.ts';
import { ConfigError } from '../config/config-error.ts';
import { compileHeaderMatcher, compileQueryMatcher, type RequestPredicate } from './header-matcher.ts';
import { compileMutations, concatMutations, type HeaderMutations } from './header-mutation.ts';
import type { MatchRequest } from './match-request.ts';
import { compileRedirect, type CompiledRedirect } from './redirect.ts';
import { RouteHashPolicy } from './hash-policy.ts';
import { compileRetryPolicy, type CompiledRetryPolicy } from './retry/retry-policy.ts';
import { compileShadowPolicies, type CompiledShadow } from './shadow-policy.ts';
import type { RouteScope } from './route-scope.ts';

export interface WeightedTarget {
  name: string;
  weight: number;
  requestMutations: HeaderMutations;
  responseMutations: HeaderMutations;
  hostRewrite: string | undefined;
}

const NOT_FOUND_CODES: Record<string, number> = { SERVICE_UNAVAILABLE: 503, NOT_FOUND: 404, INTERNAL_SERVER_ERROR: 500 };

function durationMs(d: string | undefined, dflt: number, what: string): number {
  if (d === undefined) return dflt;
  const v = parseDuration(d);
  if (v === undefined || v < 0) throw new ConfigError(`${what} "${d}" is not a valid duration`);
  return v;
}

interface PathMatch {
  test: (req: MatchRequest) => boolean;
  /** The literal prefix a prefix_rewrite replaces. */
  prefix: string | undefined;
}

function compilePath(m: RouteMatch): PathMatch {
  const specifiers = ['prefix', 'path', 'safeRegex', 'pathSeparatedPrefix', 'connectMatcher', 'pathMatchPolicy'].filter((k) => (m as Record<string, unknown>)[k] !== undefined);
  if (specifiers.length !== 1) throw new ConfigError(`route match needs exactly one path specifier (prefix, path, safeRegex, pathSeparatedPrefix); got ${specifiers.join(', ') || 'none'}`);
  const cs = m.caseSensitive !== false;
  if (m.prefix !== undefined) {
    const p = cs ? m.prefix : m.prefix.toLowerCase();
    if (p === '' || p === '/') return { test: (r) => r.path.startsWith(p), prefix: m.prefix };
    return { test: cs ? (r) => r.path.startsWith(p) : (r) => r.path.toLowerCase().startsWith(p), prefix: m.prefix };
  }
  if (m.path !== undefined) {
    const p = cs ? m.path : m.path.toLowerCase();
    return { test: cs ? (r) => r.pathOnly() === p : (r) => r.pathOnly().toLowerCase() === p, prefix: m.path };
  }
  if (m.pathSeparatedPrefix !== undefined) {
    const raw = m.pathSeparatedPrefix;
    if (raw.includes('?') || raw.includes('#')) throw new ConfigError('pathSeparatedPrefix must not contain ? or #');
    if (raw.length > 1 && raw.endsWith('/')) throw new ConfigError('pathSeparatedPrefix must not end with /');
    const p = cs ? raw : raw.toLowerCase();
    return {
      test: (r) => {
        const path = cs ? r.pathOnly() : r.pathOnly().toLowerCase();
        return path === p || (path.startsWith(p) && path.charCodeAt(p.length) === 47);
      },
      prefix: raw,
    };
  }
  if (m.safeRegex !== undefined) {
    const re = compileRe2(m.safeRegex.regex);
    return { test: (r) => re.fullMatch(r.pathOnly()), prefix: undefined };
  }
  throw new ConfigError('connect_matcher and path_match_policy routes are not supported');
}

function compileMatch(m: RouteMatch): { predicate: (req: MatchRequest) => boolean; prefix: string | undefined; trivial: boolean } {
  if (!m || typeof m !== 'object') throw new ConfigError('route has no match');
  const path = compilePath(m);
  const extra: RequestPredicate[] = [];
  for (const h of m.headers ?? []) extra.push(compileHeaderMatcher(h));
  for (const q of m.queryParameters ?? []) extra.push(compileQueryMatcher(q));
  if (m.grpc) extra.push((r) => (r.header('content-type') ?? '').startsWith('application/grpc'));
  if (m.tlsContext) {
    const { presented, validated } = m.tlsContext;
    extra.push((r) => (presented === undefined || r.tlsPresented === presented) && (validated === undefined || r.tlsValidated === validated));
  }
  if (m.runtimeFraction) {
    const f = runtimeFractionOf(m.runtimeFraction, 1);
    extra.push(() => sample(f));
  }
  const trivial = extra.length === 0 && m.prefix === '/' && m.caseSensitive !== false;
  if (extra.length === 0) return { predicate: path.test, prefix: path.prefix, trivial };
  const test = path.test;
  return {
    predicate: (r) => {
      if (!test(r)) return false;
      for (let i = 0; i < extra.length; i++) if (!extra[i](r)) return false;
      return true;
    },
    prefix: path.prefix,
    trivial,
  };
}

export class RouteEntry {
  readonly name: string;
  readonly match: (req: MatchRequest) => boolean;
  /** `prefix: "/"` with no other condition: matches every request. */
  readonly matchesAll: boolean;
  readonly matchedPrefix: string | undefined;
  readonly kind: 'route' | 'redirect' | 'direct';
  cluster = '';
  clusterHeader: string | undefined;
  weighted: WeightedTarget[] | undefined;
  totalWeight = 0;
  clusterNotFoundStatus = 503;
  prefixRewrite: string | undefined;
  regexRewrite: { re: Re2; sub: string } | undefined;
  hostRewrite: string | undefined;
  autoHostRewrite = false;
  timeoutMs = 15_000;
  idleTimeoutMs = 0;
  /** The retry policy, when it can retry anything (retryOn not empty). */
  retry: CompiledRetryPolicy | undefined;
  hashPolicy: RouteHashPolicy | undefined;
  shadows: CompiledShadow[] = [];
  upgrades = new Map<string, boolean>();
  redirect: CompiledRedirect | undefined;
  directStatus = 0;
  directBody: Buffer | undefined;
  readonly requestMutations: HeaderMutations;
  readonly responseMutations: HeaderMutations;
  readonly perFilter: Map<string, unknown>;
  readonly operation: string;

  constructor(r: Route, readonly scope: RouteScope) {
    const m = compileMatch(r.match);
    this.match = m.predicate;
    this.matchesAll = m.trivial;
    this.matchedPrefix = m.prefix;
    this.name = r.name ?? '';
    this.operation = r.decorator?.operation ?? '';
    const actions = [r.route, r.redirect, r.directResponse].filter((a) => a !== undefined);
    if (actions.length !== 1) throw new ConfigError('route needs exactly one of route, redirect, directResponse');
    this.requestMutations = concatMutations(compileMutations(r.requestHeadersToAdd, r.requestHeadersToRemove), scope.requestMutations);
    this.responseMutations = concatMutations(compileMutations(r.responseHeadersToAdd, r.responseHeadersToRemove), scope.responseMutations);
    this.perFilter = scope.perFilterFor(r.typedPerFilterConfig, r.route?.cors);
    if (r.route) {
      this.kind = 'route';
      this.compileAction(r.route);
    } else if (r.redirect) {
      this.kind = 'redirect';
      this.redirect = compileRedirect(r.redirect);
    } else {
      this.kind = 'direct';
      this.compileDirect(r.directResponse!);
    }
  }

  private compileAction(a: RouteAction): void {
    const targets = [a.cluster, a.clusterHeader, a.weightedClusters].filter((x) => x !== undefined);
    if (targets.length !== 1) throw new ConfigError('route action needs exactly one of cluster, clusterHeader, weightedClusters');
    if (a.cluster !== undefined) {
      if (a.cluster === '') throw new ConfigError('route action cluster is empty');
      this.cluster = a.cluster;
      this.scope.referenceCluster(a.cluster);
    }
    if (a.clusterHeader !== undefined) this.clusterHeader = a.clusterHeader.toLowerCase();
    if (a.weightedClusters) this.compileWeighted(a);
    this.clusterNotFoundStatus = NOT_FOUND_CODES[a.clusterNotFoundResponseCode ?? 'SERVICE_UNAVAILABLE'] ?? 503;
    if (a.prefixRewrite !== undefined) {
      if (this.matchedPrefix === undefined) throw new ConfigError('prefixRewrite needs a prefix, path or pathSeparatedPrefix match');
      this.prefixRewrite = a.prefixRewrite;
    }
    if (a.regexRewrite) {
      if (a.prefixRewrite !== undefined) throw new ConfigError('prefixRewrite and regexRewrite are exclusive');
      this.regexRewrite = { re: compileRe2(a.regexRewrite.pattern.regex), sub: envoySubstitutionToRe2js(a.regexRewrite.substitution ?? '') };
    }
    this.hostRewrite = a.hostRewriteLiteral;
    this.autoHostRewrite = a.autoHostRewrite === true;
    this.timeoutMs = durationMs(a.timeout, 15_000, 'timeout');
    this.idleTimeoutMs = durationMs(a.idleTimeout, 0, 'idleTimeout');
    const retry = a.retryPolicy ?? this.scope.retryPolicy;
    if (retry) {
      const p = compileRetryPolicy(retry);
      if (p.unknownConditions.length > 0) this.scope.warn(`retryOn ignores unknown conditions ${p.unknownConditions.join(', ')}`);
      if (p.retryOn !== 0) this.retry = p;
    }
    if (a.hashPolicy && a.hashPolicy.length > 0) {
      const hp = new RouteHashPolicy(a.hashPolicy);
      if (!hp.empty) this.hashPolicy = hp;
    }
    this.shadows = compileShadowPolicies(a.requestMirrorPolicies);
    for (const u of a.upgradeConfigs ?? []) this.upgrades.set(u.upgradeType.toLowerCase(), u.enabled !== false);
  }

  private compileWeighted(a: RouteAction): void {
    const wc = a.weightedClusters!;
    if (!Array.isArray(wc.clusters) || wc.clusters.length === 0) throw new ConfigError('weightedClusters has no clusters');
    this.weighted = wc.clusters.map((c) => {
      if (!c.name) throw new ConfigError('weighted cluster entry has no name');
      this.scope.referenceCluster(c.name);
      return {
        name: c.name,
        weight: c.weight ?? 0,
        requestMutations: compileMutations(c.requestHeadersToAdd, c.requestHeadersToRemove),
        responseMutations: compileMutations(c.responseHeadersToAdd, c.responseHeadersToRemove),
        hostRewrite: c.hostRewriteLiteral,
      };
    });
    const sum = this.weighted.reduce((s, c) => s + c.weight, 0);
    this.totalWeight = wc.totalWeight ?? sum;
    if (this.totalWeight <= 0) throw new ConfigError('weightedClusters weights sum to 0');
    if (wc.totalWeight !== undefined && wc.totalWeight !== sum) throw new ConfigError(`weightedClusters weights sum to ${sum}, not totalWeight ${wc.totalWeight}`);
  }

  private compileDirect(d: { status: number; body?: { inlineString?: string; inlineBytes?: string; filename?: string } }): void {
    if (!Number.isInteger(d.status) || d.status < 100 || d.status > 599) throw new ConfigError(`directResponse status ${d.status} is not in [100, 599]`);
    this.directStatus = d.status;
    const b = d.body;
    if (b) {
      if (b.inlineString !== undefined) this.directBody = Buffer.from(b.inlineString);
      else if (b.inlineBytes !== undefined) this.directBody = Buffer.from(b.inlineBytes, 'base64');
      else if (b.filename !== undefined) {
        try {
          this.directBody = readFileSync(b.filename);
        } catch (e) {
          throw new ConfigError(`directResponse body file "${b.filename}": ${(e as NodeJS.ErrnoException).code}`);
        }
      }
      if (this.directBody && this.directBody.length > this.scope.maxDirectResponseBodyBytes) {
        throw new ConfigError(`directResponse body is ${this.directBody.length} bytes, above maxDirectResponseBodySizeBytes ${this.scope.maxDirectResponseBodyBytes}`);
      }
    }
  }

  /** The weighted target for a random draw (Envoy picks by cumulative weight). */
  pickWeighted(): WeightedTarget {
    const w = this.weighted!;
    let r = Math.random() * this.totalWeight;
    for (let i = 0; i < w.length; i++) {
      r -= w[i].weight;
      if (r < 0) return w[i];
    }
    return w[w.length - 1];
  }

  /** The upstream path after prefix/regex rewrites, or undefined when unchanged. */
  rewritePath(path: string): string | undefined {
    if (this.prefixRewrite !== undefined) {
      const rest = path.slice(this.matchedPrefix!.length);
      let out = this.prefixRewrite + rest;
      if (out === '') out = '/';
      return out;
    }
    if (this.regexRewrite) {
      const q = path.indexOf('?');
      const p = q < 0 ? path : path.slice(0, q);
      return this.regexRewrite.re.replaceAll(p, this.regexRewrite.sub) + (q < 0 ? '' : path.slice(q));
    }
    return undefined;
  }
}
