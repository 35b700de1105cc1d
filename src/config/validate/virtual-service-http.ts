/**
 * VirtualService HTTP route rules, after Istio's validateHTTPRoute: route vs redirect vs
 * directResponse vs delegate, header operations, CORS, fault injection, mirroring, redirect,
 * direct response, retries, rewrite, a single authority rewrite, destinations and timeout.
 */
import type { CorsPolicy, HTTPDirectResponse, HTTPFaultInjection, HTTPMatchRequest, HTTPRedirect, HTTPRewrite, HTTPRoute, Headers } from '../../api/networking/virtual-service.ts';
import type { ValidationContext } from './context.ts';
import { isAuthorityHeader, invalidRetryOnPolicies, validateCorsHeaderName, validateCorsMethod, validateGrpcStatus, validateHttpStatusRange } from './rules/http.ts';
import { isDNS1123Label } from './rules/hosts.ts';
import { validateDuration, validatePort } from './rules/values.ts';
import { parseDuration } from '../../common/duration.ts';
import { checkDestination, checkHeaders, checkWeights, percentageProblem } from './virtual-service-common.ts';
import { allowOriginProblem, regexProblem, validateHTTPMatchRequest } from './virtual-service-match.ts';

type Ctx = ValidationContext;

function checkRootRoute(ctx: Ctx, path: string, h: HTTPRoute): void {
  const name = h.name ? `${h.name} ` : '';
  if (h.redirect) ctx.error(`${path}.redirect`, `root HTTP route ${name}must not specify redirect; a route with delegate hands the request to the delegate VirtualService`, h, 'redirect');
  if (h.route) ctx.error(`${path}.route`, `root HTTP route ${name}must not specify route; a route with delegate hands the request to the delegate VirtualService`, h, 'route');
  if (!h.delegate?.name) ctx.error(`${path}.delegate`, 'delegate.name is required: name the delegate VirtualService', h, 'delegate');
  if (h.delegate?.namespace && !isDNS1123Label(h.delegate.namespace)) ctx.error(`${path}.delegate.namespace`, `invalid delegate namespace "${h.delegate.namespace}"`, h.delegate, 'namespace');
}

function checkConflicts(ctx: Ctx, path: string, h: HTTPRoute, isDelegate: boolean): void {
  if (!isDelegate && h.delegate) return checkRootRoute(ctx, path, h);
  if (isDelegate && h.delegate) ctx.error(`${path}.delegate`, 'delegate HTTP route cannot contain delegate; delegation is one level deep', h, 'delegate');
  const hasRoute = (h.route ?? []).length > 0;
  if (h.redirect) {
    if (hasRoute) ctx.error(`${path}.redirect`, 'HTTP route cannot contain both route and redirect; keep one of them', h, 'redirect');
    if (h.fault) ctx.error(`${path}.fault`, 'HTTP route cannot contain both fault and redirect', h, 'fault');
    if (h.rewrite) ctx.error(`${path}.rewrite`, 'HTTP route rule cannot contain both rewrite and redirect', h, 'rewrite');
    if (h.directResponse) ctx.error(`${path}.directResponse`, 'HTTP route rule cannot contain both direct_response and redirect', h, 'directResponse');
  } else if (h.directResponse) {
    if (hasRoute) ctx.error(`${path}.directResponse`, 'HTTP route cannot contain both route and direct_response; keep one of them', h, 'directResponse');
    if (h.fault) ctx.error(`${path}.fault`, 'HTTP route cannot contain both fault and direct_response', h, 'fault');
    if (h.rewrite) ctx.error(`${path}.rewrite`, 'HTTP route rule cannot contain both rewrite and direct_response', h, 'rewrite');
  } else if (!hasRoute) {
    ctx.error(path, 'HTTP route, redirect or direct_response is required; add route with at least one destination', h);
  }
  if (h.mirror && h.mirrors) ctx.error(`${path}.mirrors`, 'HTTP route cannot contain both mirror and mirrors; move mirror into mirrors', h, 'mirrors');
}

function checkCors(ctx: Ctx, path: string, c: CorsPolicy | undefined): void {
  if (!c) return;
  (c.allowOrigins ?? []).forEach((o, i) => {
    const e = allowOriginProblem(o);
    if (e) ctx.error(`${path}.allowOrigins[${i}]`, e, c.allowOrigins, i);
  });
  (c.allowMethods ?? []).forEach((m, i) => {
    const e = validateCorsMethod(m);
    if (e) ctx.error(`${path}.allowMethods[${i}]`, e, c.allowMethods, i);
  });
  for (const f of ['allowHeaders', 'exposeHeaders'] as const) {
    (c[f] ?? []).forEach((n, i) => {
      const e = validateCorsHeaderName(n);
      if (e) ctx.error(`${path}.${f}[${i}]`, e, c[f], i);
    });
  }
  if (c.maxAge !== undefined) {
    const e = validateDuration(c.maxAge);
    if (e) ctx.error(`${path}.maxAge`, e, c, 'maxAge');
    else if ((parseDuration(c.maxAge) ?? 0) % 1000 !== 0) ctx.error(`${path}.maxAge`, 'max_age duration is accurate only to seconds precision; use whole seconds such as "24h" or "60s"', c, 'maxAge');
  }
}

function checkFault(ctx: Ctx, path: string, f: HTTPFaultInjection | undefined): void {
  if (!f) return;
  if (!f.abort && !f.delay) ctx.error(path, 'HTTP fault injection must have an abort and/or a delay', f);
  const a = f.abort;
  if (a) {
    const pe = percentageProblem(a.percentage);
    if (pe) ctx.error(`${path}.abort.percentage.value`, pe, a.percentage, 'value');
    if (a.grpcStatus !== undefined) {
      const e = validateGrpcStatus(a.grpcStatus);
      if (e) ctx.error(`${path}.abort.grpcStatus`, e, a, 'grpcStatus');
    } else if (a.http2Error !== undefined) ctx.error(`${path}.abort.http2Error`, 'HTTP/2 abort fault injection not supported yet; use httpStatus or grpcStatus', a, 'http2Error');
    else if (a.httpStatus !== undefined) {
      const e = validateHttpStatusRange(a.httpStatus);
      if (e) ctx.error(`${path}.abort.httpStatus`, e, a, 'httpStatus');
    } else ctx.warn(`${path}.abort`, 'abort configured, but error type not set; set httpStatus or grpcStatus', f, 'abort');
  }
  const d = f.delay;
  if (d) {
    const pe = percentageProblem(d.percentage);
    if (pe) ctx.error(`${path}.delay.percentage.value`, pe, d.percentage, 'value');
    if (d.percent !== undefined && (d.percent < 0 || d.percent > 100)) ctx.error(`${path}.delay.percent`, `percentage ${d.percent} is not in range 0..100`, d, 'percent');
    if (d.exponentialDelay !== undefined) ctx.error(`${path}.delay.exponentialDelay`, 'exponentialDelay not supported yet; use fixedDelay', d, 'exponentialDelay');
    else if (d.fixedDelay === undefined) ctx.error(`${path}.delay`, 'delay must specify fixedDelay, e.g. fixedDelay: 5s', f, 'delay');
    else {
      const e = validateDuration(d.fixedDelay);
      if (e) ctx.error(`${path}.delay.fixedDelay`, e, d, 'fixedDelay');
    }
  }
}

function checkMirrors(ctx: Ctx, path: string, h: HTTPRoute): void {
  if (h.mirrorPercent === undefined && h.mirrorPercentage === undefined && !h.mirror && !h.mirrors) return;
  if (h.mirrorPercent !== undefined && h.mirrorPercent > 100) {
    ctx.error(`${path}.mirrorPercent`, `mirror_percent must have a max value of 100 (it has ${h.mirrorPercent})`, h, 'mirrorPercent');
  }
  const mp = h.mirrorPercentage?.value;
  if (mp !== undefined && mp > 100) ctx.error(`${path}.mirrorPercentage.value`, `mirror_percentage must have a max value of 100 (it has ${mp})`, h.mirrorPercentage, 'value');
  if (mp !== undefined && mp < 0) ctx.error(`${path}.mirrorPercentage.value`, `mirror_percentage must have a min value of 0 (it has ${mp})`, h.mirrorPercentage, 'value');
  checkDestination(ctx, `${path}.mirror`, h.mirror);
  (h.mirrors ?? []).forEach((m, i) => {
    checkDestination(ctx, `${path}.mirrors[${i}].destination`, m.destination);
    const v = m.percentage?.value;
    if (v !== undefined && v > 100) ctx.error(`${path}.mirrors[${i}].percentage.value`, `mirror percentage must have a max value of 100 (it has ${v})`, m.percentage, 'value');
    if (v !== undefined && v < 0) ctx.error(`${path}.mirrors[${i}].percentage.value`, `mirror percentage must have a min value of 0 (it has ${v})`, m.percentage, 'value');
  });
}

function checkRedirect(ctx: Ctx, path: string, r: HTTPRedirect | undefined, matches: HTTPMatchRequest[] | undefined): void {
  if (!r) return;
  if (r.uri && r.prefixRewrite) ctx.error(`${path}.prefixRewrite`, 'redirect may only specify one of uri or prefix_rewrite', r, 'prefixRewrite');
  if (r.prefixRewrite && (matches ?? []).some((m) => m.uri && m.uri.prefix === undefined)) {
    ctx.error(`${path}.prefixRewrite`, 'redirect prefix_rewrite requires all URI matches to use prefix match type', r, 'prefixRewrite');
  }
  if (!r.uri && !r.prefixRewrite && !r.authority && r.port === undefined && r.derivePort === undefined && !r.scheme) {
    ctx.error(path, 'redirect must specify URI, authority, scheme, or port', r);
  }
  if (r.redirectCode !== undefined && r.redirectCode !== 0 && (r.redirectCode < 300 || r.redirectCode > 399)) {
    ctx.error(`${path}.redirectCode`, `${r.redirectCode} is not a valid redirect code, must be 3xx`, r, 'redirectCode');
  }
  if (r.scheme && r.scheme !== 'http' && r.scheme !== 'https') ctx.error(`${path}.scheme`, 'invalid redirect scheme, must be "http" or "https"', r, 'scheme');
  if (r.port !== undefined && r.port > 0) {
    const e = validatePort(r.port);
    if (e) ctx.error(`${path}.port`, e, r, 'port');
  }
}

const KB = 1024;
const MB = 1024 * KB;

function checkDirectResponse(ctx: Ctx, path: string, d: HTTPDirectResponse | undefined): void {
  if (!d) return;
  const body = d.body;
  const size = body?.string !== undefined ? Buffer.byteLength(body.string) : body?.bytes !== undefined ? Buffer.from(body.bytes, 'base64').length : 0;
  if (size > MB) ctx.error(`${path}.body`, 'large direct_responses may impact control plane performance, must be less than 1MB', d, 'body');
  else if (size > 100 * KB) ctx.warn(`${path}.body`, 'large direct_responses may impact control plane performance', d, 'body');
  const e = validateHttpStatusRange(d.status);
  if (e) ctx.error(`${path}.status`, e, d, 'status');
}

function checkRetries(ctx: Ctx, path: string, h: HTTPRoute): void {
  const r = h.retries;
  if (!r) return;
  const attempts = r.attempts ?? 0;
  if (attempts < 0) ctx.error(`${path}.attempts`, 'attempts cannot be negative', r, 'attempts');
  if (attempts === 0 && (r.perTryTimeout !== undefined || r.retryOn !== undefined || r.retryRemoteLocalities !== undefined)) {
    ctx.error(`${path}.attempts`, 'http retry policy configured when attempts are set to 0 (disabled); set attempts to 1 or more, or remove the policy', r.attempts === undefined ? h : r, r.attempts === undefined ? 'retries' : 'attempts');
  }
  for (const f of ['perTryTimeout', 'backoff'] as const) {
    const e = validateDuration(r[f]);
    if (e) ctx.error(`${path}.${f}`, e, r, f);
  }
  if (r.retryOn !== undefined && r.retryOn !== '') {
    for (const p of invalidRetryOnPolicies(r.retryOn)) {
      const hint = p.trim() !== p ? ' (remove the spaces around commas)' : '; use Envoy retry policies such as 5xx, gateway-error, connect-failure, refused-stream, unavailable, or an HTTP status code';
      ctx.error(`${path}.retryOn`, `"${p}" is not a valid retryOn policy${hint}`, r, 'retryOn');
    }
  }
}

function checkRewrite(ctx: Ctx, path: string, w: HTTPRewrite | undefined): void {
  if (!w) return;
  if (w.uri && w.uriRegexRewrite) ctx.error(`${path}.uriRegexRewrite`, 'rewrite may only contain one of URI or UriRegexRewrite', w, 'uriRegexRewrite');
  if (!w.uri && !w.uriRegexRewrite && !w.authority) ctx.error(path, 'rewrite must specify at least one of URI, UriRegexRewrite, or authority. Only one of URI or UriRegexRewrite may be specified', w);
  const rr = w.uriRegexRewrite;
  if (rr) {
    if (!rr.match || !rr.rewrite) ctx.error(`${path}.uriRegexRewrite`, 'UriRegexRewrite requires both Rewrite and Match fields to be specified', w, 'uriRegexRewrite');
    else {
      const e = regexProblem(rr.match, 'HTTPRewrite.UriRegexRewrite.Match');
      if (e) ctx.error(`${path}.uriRegexRewrite.match`, `UriRegexRewrite has errors: ${e}`, rr, 'match');
    }
  }
}

/** Istio's validateAuthorityRewrite: the authority is rewritten in one place only. */
function checkAuthorityRewrite(ctx: Ctx, path: string, w: HTTPRewrite | undefined, headers: Headers | undefined): void {
  let current = w?.authority ?? '';
  for (const op of ['set', 'add'] as const) {
    const map = headers?.request?.[op] ?? {};
    for (const [k, v] of Object.entries(map)) {
      if (!isAuthorityHeader(k)) continue;
      if (current !== '') {
        ctx.error(`${path}.headers.request.${op}.${k}`, `authority header cannot be set multiple times: have ${JSON.stringify(current)}, attempting to set ${JSON.stringify(v)}`, map, k);
        return;
      }
      current = v;
    }
  }
}

export function validateHTTPRoute(ctx: Ctx, path: string, h: HTTPRoute, isDelegate: boolean): void {
  checkConflicts(ctx, path, h, isDelegate);
  // Each part is checked only when set: a field path is a string to build, and most parts are unset.
  const matches = h.match;
  if (matches) for (let i = 0; i < matches.length; i++) validateHTTPMatchRequest(ctx, `${path}.match[${i}]`, matches[i]);
  if (h.headers) checkHeaders(ctx, `${path}.headers`, h.headers);
  if (h.corsPolicy) checkCors(ctx, `${path}.corsPolicy`, h.corsPolicy);
  if (h.fault) checkFault(ctx, `${path}.fault`, h.fault);
  checkMirrors(ctx, path, h);
  if (h.redirect) checkRedirect(ctx, `${path}.redirect`, h.redirect, h.match);
  if (h.directResponse) checkDirectResponse(ctx, `${path}.directResponse`, h.directResponse);
  if (h.retries) checkRetries(ctx, `${path}.retries`, h);
  if (h.rewrite) checkRewrite(ctx, `${path}.rewrite`, h.rewrite);
  if (h.rewrite?.authority || h.headers?.request) checkAuthorityRewrite(ctx, path, h.rewrite, h.headers);
  const routes = h.route ?? [];
  for (let i = 0; i < routes.length; i++) {
    const d = routes[i];
    if (d.headers) checkHeaders(ctx, `${path}.route[${i}].headers`, d.headers);
    if (d.destination) checkDestination(ctx, `${path}.route[${i}].destination`, d.destination);
  }
  checkWeights(ctx, `${path}.route`, routes);
  if (h.timeout !== undefined) {
    const e = validateDuration(h.timeout);
    if (e) ctx.error(`${path}.timeout`, `${e}; omit timeout to disable it`, h, 'timeout');
  }
}
