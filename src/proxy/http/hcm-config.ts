/**
 * An `HttpConnectionManager` typed config checked and compiled: codec, route source (RDS name or
 * inline table), HTTP filter chain (from the registry, router last), access loggers, header
 * policies (server name, XFF, request id, tracing, XFCC), upgrades, HTTP/1.0 policy, timeouts and
 * the HCM's stats. Everything per-request reads plain fields of this object.
 */
import { normalizesPaths, type EscapedSlashesAction, type PathNormalizationConfig } from './path-normalization.ts';
import type { HttpConnectionManager } from '../../envoy/types.ts';
import type { AccessLogger, HttpFilter } from '../../extensions/api.ts';
import { accessLoggers, httpFilters } from '../../extensions/registry.ts';
import { parseDuration } from '../../common/duration.ts';
import { ConfigError } from '../config/config-error.ts';
import type { FactoryContext } from '../config/factory-context.ts';
import { RouteProvider, RouteTable } from '../router/route-table.ts';
import type { ProxyServices } from '../services.ts';
import type { Counter } from '../stats/stats-store.ts';

export interface HcmStats {
  rqTotal: Counter;
  rq1xx: Counter;
  rq2xx: Counter;
  rq3xx: Counter;
  rq4xx: Counter;
  rq5xx: Counter;
  rqHttp1: Counter;
  rqHttp2: Counter;
  noRoute: Counter;
  cxTotal: Counter;
  cxActive: Counter;
  rqActive: Counter;
}

function ms(d: string | undefined, dflt: number, what: string): number {
  if (d === undefined) return dflt;
  const v = parseDuration(d);
  if (v === undefined || v < 0) throw new ConfigError(`${what} "${d}" is not a valid duration`);
  return v;
}

export class HcmConfig {
  readonly statPrefix: string;
  readonly codec: 'AUTO' | 'HTTP1' | 'HTTP2';
  readonly routes: RouteProvider;
  readonly filters: HttpFilter[] = [];
  readonly encoders: HttpFilter[] = [];
  readonly accessLoggers: AccessLogger[] = [];
  readonly serverName: string;
  readonly serverTransform: 'OVERWRITE' | 'APPEND_IF_ABSENT' | 'PASS_THROUGH';
  readonly useRemoteAddress: boolean;
  readonly skipXffAppend: boolean;
  readonly generateRequestId: boolean;
  readonly preserveExternalRequestId: boolean;
  readonly forwardClientCert: string;
  readonly upgrades = new Map<string, boolean>();
  readonly acceptHttp10: boolean;
  readonly defaultHostForHttp10: string | undefined;
  /** Sampling probability when tracing is configured; undefined = no tracing (headers pass through). */
  readonly tracingSample: number | undefined;
  readonly stripPort: 'none' | 'any' | 'matching';
  readonly idleTimeoutMs: number;
  readonly requestHeadersTimeoutMs: number;
  readonly maxRequestsPerConnection: number;
  readonly maxHeadersCount: number;
  readonly maxRequestHeadersBytes: number;
  readonly maxConcurrentStreams: number;
  readonly listenerPort: number;
  /** normalize_path, merge_slashes and path_with_escaped_slashes_action; undefined when none applies. */
  readonly pathNormalization: PathNormalizationConfig | undefined;
  readonly stats: HcmStats;

  constructor(c: HttpConnectionManager, ctx: FactoryContext, readonly services: ProxyServices) {
    if (!c || typeof c.statPrefix !== 'string') throw new ConfigError('HttpConnectionManager needs statPrefix');
    this.statPrefix = c.statPrefix;
    const codec = c.codecType ?? 'AUTO';
    if (codec === 'HTTP3') throw new ConfigError('codecType HTTP3 is not supported');
    if (!['AUTO', 'HTTP1', 'HTTP2'].includes(codec)) throw new ConfigError(`unknown codecType "${codec}"`);
    this.codec = codec;
    this.routes = this.routeSource(c, ctx);
    this.buildFilters(c, ctx);
    for (const [i, al] of (c.accessLog ?? []).entries()) {
      const f = accessLoggers.find(al.name, al.typedConfig);
      if (!f) throw new ConfigError(`accessLog[${i}]: unknown access logger "${al.name}"`);
      this.accessLoggers.push(f.create(al.typedConfig, { ...ctx, where: `${ctx.where} accessLog[${i}]` }));
    }
    this.serverName = c.serverName ?? services.options.serverName;
    this.serverTransform = c.serverHeaderTransformation ?? 'OVERWRITE';
    this.useRemoteAddress = c.useRemoteAddress === true;
    this.skipXffAppend = c.skipXffAppend === true;
    this.generateRequestId = c.generateRequestId !== false;
    this.preserveExternalRequestId = c.preserveExternalRequestId === true;
    this.forwardClientCert = c.forwardClientCertDetails ?? 'SANITIZE';
    for (const u of c.upgradeConfigs ?? []) this.upgrades.set(u.upgradeType.toLowerCase(), u.enabled !== false);
    this.acceptHttp10 = c.httpProtocolOptions?.acceptHttp10 === true;
    this.defaultHostForHttp10 = c.httpProtocolOptions?.defaultHostForHttp10;
    this.tracingSample = c.tracing ? (c.tracing.randomSampling ? Math.min(1, (c.tracing.randomSampling.value ?? 100) / 100) : 1) : undefined;
    this.stripPort = c.stripAnyHostPort ? 'any' : c.stripMatchingHostPort ? 'matching' : 'none';
    const common = c.commonHttpProtocolOptions ?? {};
    this.idleTimeoutMs = ms(common.idleTimeout, 3_600_000, 'idleTimeout');
    this.requestHeadersTimeoutMs = ms(c.requestHeadersTimeout, 0, 'requestHeadersTimeout');
    this.maxRequestsPerConnection = common.maxRequestsPerConnection ?? 0;
    this.maxHeadersCount = common.maxHeadersCount ?? 100;
    this.maxRequestHeadersBytes = (c.maxRequestHeadersKb ?? 60) * 1024;
    this.maxConcurrentStreams = c.http2ProtocolOptions?.maxConcurrentStreams ?? 2147483647;
    this.listenerPort = ctx.listenerPort;
    this.pathNormalization = pathNormalizationOf(c);
    const st = services.stats;
    const p = `http.${c.statPrefix}.`;
    this.stats = {
      rqTotal: st.counter(p + 'downstream_rq_total'),
      rq1xx: st.counter(p + 'downstream_rq_1xx'),
      rq2xx: st.counter(p + 'downstream_rq_2xx'),
      rq3xx: st.counter(p + 'downstream_rq_3xx'),
      rq4xx: st.counter(p + 'downstream_rq_4xx'),
      rq5xx: st.counter(p + 'downstream_rq_5xx'),
      rqHttp1: st.counter(p + 'downstream_rq_http1_total'),
      rqHttp2: st.counter(p + 'downstream_rq_http2_total'),
      noRoute: st.counter(p + 'no_route'),
      cxTotal: st.counter(p + 'downstream_cx_total'),
      cxActive: st.gauge(p + 'downstream_cx_active'),
      rqActive: st.gauge(p + 'downstream_rq_active'),
    };
  }

  private routeSource(c: HttpConnectionManager, ctx: FactoryContext): RouteProvider {
    if (c.rds && c.routeConfig) throw new ConfigError('HttpConnectionManager has both rds and routeConfig');
    if (c.rds) {
      const name = c.rds.routeConfigName;
      if (typeof name !== 'string') throw new ConfigError('rds.routeConfigName is missing');
      if (!ctx.build.routeTables.has(name)) throw new ConfigError(`route configuration "${name}" (rds.routeConfigName) is not in the bundle`);
      return this.services.routes.get(name);
    }
    if (c.routeConfig) {
      const p = new RouteProvider(c.routeConfig.name ?? '');
      p.table = new RouteTable(c.routeConfig, (m) => ctx.warn(m));
      for (const cl of p.table.referencedClusters) if (p.table.validateClusters && !ctx.build.clusterNames.has(cl)) throw new ConfigError(`route configuration references unknown cluster "${cl}"`);
      return p;
    }
    throw new ConfigError('HttpConnectionManager needs rds or routeConfig');
  }

  private buildFilters(c: HttpConnectionManager, ctx: FactoryContext): void {
    const list = c.httpFilters ?? [];
    if (list.length === 0) throw new ConfigError('HttpConnectionManager has no httpFilters (the router must be last)');
    for (const [i, hf] of list.entries()) {
      if (hf.disabled) continue;
      const f = httpFilters.find(hf.name, hf.typedConfig);
      if (!f) {
        if (hf.isOptional) {
          ctx.warn(`optional HTTP filter "${hf.name}" is not supported and is skipped`);
          continue;
        }
        throw new ConfigError(`httpFilters[${i}]: unknown HTTP filter "${hf.name}" (known: ${httpFilters.names().join(', ')})`);
      }
      if (f.terminal !== (i === list.length - 1)) {
        throw new ConfigError(f.terminal ? `terminal filter ${f.name} must be the last HTTP filter` : `the last HTTP filter must be terminal (envoy.filters.http.router), not ${f.name}`);
      }
      const filter = f.create(hf.typedConfig, { ...ctx, where: `${ctx.where} httpFilters[${i}] ${f.name}`, statPrefix: c.statPrefix });
      this.filters.push(filter);
      // Encoder filters run in reverse order, as in Envoy.
      if (filter.encodeHeaders) this.encoders.unshift(filter);
    }
  }
}

const ESCAPED_SLASHES_ACTIONS = new Set(['KEEP_UNCHANGED', 'REJECT_REQUEST', 'UNESCAPE_AND_REDIRECT', 'UNESCAPE_AND_FORWARD']);

function pathNormalizationOf(c: HttpConnectionManager): PathNormalizationConfig | undefined {
  const written = c.pathWithEscapedSlashesAction;
  // Envoy's implementation-specific default is to keep escaped slashes.
  const action = written === undefined || written === 'IMPLEMENTATION_SPECIFIC_DEFAULT' ? 'KEEP_UNCHANGED' : written;
  if (!ESCAPED_SLASHES_ACTIONS.has(action)) throw new ConfigError(`unknown pathWithEscapedSlashesAction "${action}"`);
  const config: PathNormalizationConfig = { normalizePath: c.normalizePath === true, mergeSlashes: c.mergeSlashes === true, escapedSlashesAction: action as EscapedSlashesAction };
  return normalizesPaths(config) ? config : undefined;
}
