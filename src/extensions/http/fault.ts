/**
 * `envoy.filters.http.fault`: Istio's VirtualService fault injection. A fixed delay and/or an
 * abort (HTTP or gRPC status), each applied to a percentage of requests, from the filter config
 * or the route's per-filter config (which wins). Flags DI (delayed) and FI (aborted).
 */
import type { Any, HTTPFault } from '../../envoy/types.ts';
import { FILTER, TYPE_URL } from '../../envoy/type-urls.ts';
import { parseDuration } from '../../common/duration.ts';
import { FLAG } from '../../proxy/access-log/response-flags.ts';
import { fractionOf, sample } from '../../proxy/common/percent.ts';
import { ConfigError } from '../../proxy/config/config-error.ts';
import type { HttpFilter, HttpFilterFactory, HttpFilterStream } from '../api.ts';
import { httpFilters } from '../registry.ts';

interface CompiledFault {
  delayMs: number;
  delayFraction: number;
  abortStatus: number;
  abortGrpc: number | undefined;
  abortFraction: number;
}

function compileFault(f: HTTPFault, where: string): CompiledFault {
  let delayMs = 0;
  if (f.delay?.fixedDelay !== undefined) {
    const d = parseDuration(f.delay.fixedDelay);
    if (d === undefined || d < 0) throw new ConfigError(`${where}: fixedDelay "${f.delay.fixedDelay}" is not a valid duration`);
    delayMs = d;
  }
  const status = f.abort?.httpStatus ?? 0;
  if (f.abort && status === 0 && f.abort.grpcStatus === undefined) throw new ConfigError(`${where}: abort needs httpStatus or grpcStatus`);
  if (status !== 0 && (status < 200 || status > 599)) throw new ConfigError(`${where}: abort httpStatus ${status} is not in [200, 599]`);
  return {
    delayMs,
    delayFraction: f.delay ? fractionOf(f.delay.percentage ?? { numerator: 100 }) : 0,
    abortStatus: status,
    abortGrpc: f.abort?.grpcStatus,
    abortFraction: f.abort ? fractionOf(f.abort.percentage ?? { numerator: 100 }) : 0,
  };
}

function abort(stream: HttpFilterStream, f: CompiledFault): boolean {
  if (f.abortFraction <= 0 || !sample(f.abortFraction)) return false;
  if (f.abortGrpc !== undefined) {
    stream.sendLocalReply(200, '', 'fault_filter_abort', FLAG.FI, ['content-type', 'application/grpc', 'grpc-status', String(f.abortGrpc), 'grpc-message', 'fault filter abort']);
  } else {
    stream.sendLocalReply(f.abortStatus, 'fault filter abort', 'fault_filter_abort', FLAG.FI);
  }
  return true;
}

class FaultFilter implements HttpFilter {
  constructor(private readonly base: CompiledFault | undefined) {}

  decodeHeaders(stream: HttpFilterStream): 'continue' | 'stop' {
    const f = stream.perFilterConfig<CompiledFault>(FILTER.fault) ?? this.base;
    if (!f) return 'continue';
    if (f.delayMs > 0 && f.delayFraction > 0 && sample(f.delayFraction)) {
      stream.setResponseFlag(FLAG.DI);
      setTimeout(() => {
        if (stream.downstreamClosed) return;
        if (!abort(stream, f)) stream.continueDecoding();
      }, f.delayMs);
      return 'stop';
    }
    return abort(stream, f) ? 'stop' : 'continue';
  }
}

export const faultFactory: HttpFilterFactory = {
  name: FILTER.fault,
  typeUrls: [TYPE_URL.fault],
  terminal: false,
  create(typedConfig, ctx) {
    const cfg = typedConfig as unknown as HTTPFault | undefined;
    const hasFault = cfg && (cfg.delay !== undefined || cfg.abort !== undefined);
    return new FaultFilter(hasFault ? compileFault(cfg, ctx.where) : undefined);
  },
  createRouteConfig(typedConfig: Any, where: string) {
    return compileFault(typedConfig as unknown as HTTPFault, where);
  },
};

httpFilters.register(faultFactory);
