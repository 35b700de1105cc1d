/**
 * `envoy.filters.http.cors`: CORS from the route's policy (typed_per_filter_config CorsPolicy, or
 * the deprecated RouteAction/VirtualHost `cors`). Preflight requests (OPTIONS with Origin and
 * Access-Control-Request-Method) from an allowed origin are answered 200 locally; other requests
 * from an allowed origin get Access-Control-Allow-Origin (and credentials / expose headers).
 */
import type { Any, CorsPolicy } from '../../envoy/types.ts';
import { FILTER, TYPE_URL } from '../../envoy/type-urls.ts';
import { compileStringMatcher, type StringPredicate } from '../../proxy/common/string-matcher.ts';
import { runtimeFractionOf, sample } from '../../proxy/common/percent.ts';
import { setFlat } from '../../proxy/router/header-mutation.ts';
import type { HttpFilter, HttpFilterFactory, HttpFilterStream } from '../api.ts';
import { httpFilters } from '../registry.ts';

export interface CompiledCors {
  origins: StringPredicate[];
  allowMethods: string | undefined;
  allowHeaders: string | undefined;
  exposeHeaders: string | undefined;
  maxAge: string | undefined;
  allowCredentials: boolean;
  enabled: number;
}

export function compileCors(p: CorsPolicy): CompiledCors {
  return {
    origins: (p.allowOriginStringMatch ?? []).map((m) => compileStringMatcher(m)),
    allowMethods: p.allowMethods,
    allowHeaders: p.allowHeaders,
    exposeHeaders: p.exposeHeaders,
    maxAge: p.maxAge,
    allowCredentials: p.allowCredentials === true,
    enabled: runtimeFractionOf(p.filterEnabled, 1),
  };
}

function allowed(policy: CompiledCors, origin: string): boolean {
  for (const m of policy.origins) if (m(origin)) return true;
  return false;
}

/** Per-stream state would cost an allocation; the matched origin is re-derived on encode instead. */
function activePolicy(stream: HttpFilterStream): { policy: CompiledCors; origin: string } | undefined {
  const origin = stream.header('origin');
  if (origin === undefined) return undefined;
  const policy = stream.perFilterConfig<CompiledCors>(FILTER.cors);
  if (!policy || !sample(policy.enabled) || !allowed(policy, origin)) return undefined;
  return { policy, origin };
}

const cors: HttpFilter = {
  decodeHeaders(stream) {
    if (stream.method !== 'OPTIONS' || stream.header('access-control-request-method') === undefined) return 'continue';
    const a = activePolicy(stream);
    if (!a) return 'continue';
    const h: string[] = ['access-control-allow-origin', a.origin];
    if (a.policy.allowCredentials) h.push('access-control-allow-credentials', 'true');
    if (a.policy.allowMethods) h.push('access-control-allow-methods', a.policy.allowMethods);
    if (a.policy.allowHeaders) h.push('access-control-allow-headers', a.policy.allowHeaders);
    if (a.policy.maxAge) h.push('access-control-max-age', a.policy.maxAge);
    stream.sendLocalReply(200, '', 'cors_response', 0, h);
    return 'stop';
  },
  encodeHeaders(stream, headers) {
    if (stream.method === 'OPTIONS' && stream.header('access-control-request-method') !== undefined) return;
    const a = activePolicy(stream);
    if (!a) return;
    setFlat(headers, 'access-control-allow-origin', a.origin);
    if (a.policy.allowCredentials) setFlat(headers, 'access-control-allow-credentials', 'true');
    if (a.policy.exposeHeaders) setFlat(headers, 'access-control-expose-headers', a.policy.exposeHeaders);
  },
};

export const corsFactory: HttpFilterFactory = {
  name: FILTER.cors,
  typeUrls: [TYPE_URL.cors],
  terminal: false,
  create: () => cors,
  createRouteConfig(typedConfig: Any) {
    return compileCors(typedConfig as unknown as CorsPolicy);
  },
};

httpFilters.register(corsFactory);
