/**
 * `envoy.filters.http.fault`: Istio's VirtualService fault injection. The route's per-filter
 * config (or the filter's own) gives a fixed delay and/or an abort (HTTP status, or gRPC status);
 * each applies to its percentage of requests, sampled from the proxy's random source (the
 * decisions live in fault-policy.ts). A delay holds the request (flag DI) and then decides the
 * abort; an abort answers locally (flag FI) — for a gRPC request as a trailers-only response with
 * `grpc-status`. Stats: `http.PREFIX.fault.delays_injected`, `aborts_injected`, `active_faults`,
 * `faults_overflow`.
 */
import type { Any, HTTPFault } from '../../envoy/types.ts';
import { FILTER, TYPE_URL } from '../../envoy/type-urls.ts';
import { FLAG } from '../../proxy/access-log/response-flags.ts';
import type { Counter } from '../../proxy/stats/stats-store.ts';
import type { HttpFilter, HttpFilterFactory, HttpFilterStream } from '../api.ts';
import { httpFilters } from '../registry.ts';
import { compileFault, FaultDecider, httpToGrpcStatus, type CompiledFault, type FaultStats } from './fault-policy.ts';

function isGrpc(stream: HttpFilterStream): boolean {
  return (stream.header('content-type') ?? '').startsWith('application/grpc');
}

/**
 * Envoy's abort: an HTTP status, or for a gRPC status HTTP 200 carrying it. A gRPC request gets a
 * trailers-only reply (`grpc-status`, mapped from the HTTP status when only that is configured);
 * any other request gets the HTTP status with the body `fault filter abort`.
 */
function abort(stream: HttpFilterStream, f: CompiledFault): void {
  const status = f.abortHttpStatus ?? 200;
  if (isGrpc(stream)) {
    const code = f.abortGrpcStatus ?? httpToGrpcStatus(status);
    stream.sendLocalReply(200, '', 'fault_filter_abort', FLAG.FI, ['content-type', 'application/grpc', 'grpc-status', String(code), 'grpc-message', 'fault filter abort']);
    return;
  }
  stream.sendLocalReply(status, 'fault filter abort', 'fault_filter_abort', FLAG.FI);
}

/** Counters in the shared stats store, seen through the FaultStats shape. */
class StoreFaultStats implements FaultStats {
  constructor(private readonly c: Record<keyof FaultStats, Counter>) {}
  get delays_injected(): number {
    return this.c.delays_injected.value;
  }
  set delays_injected(v: number) {
    this.c.delays_injected.value = v;
  }
  get aborts_injected(): number {
    return this.c.aborts_injected.value;
  }
  set aborts_injected(v: number) {
    this.c.aborts_injected.value = v;
  }
  get active_faults(): number {
    return this.c.active_faults.value;
  }
  set active_faults(v: number) {
    this.c.active_faults.value = v;
  }
  get faults_overflow(): number {
    return this.c.faults_overflow.value;
  }
  set faults_overflow(v: number) {
    this.c.faults_overflow.value = v;
  }
}

class FaultFilter implements HttpFilter {
  constructor(
    private readonly base: CompiledFault | undefined,
    private readonly decider: FaultDecider,
  ) {}

  decodeHeaders(stream: HttpFilterStream): 'continue' | 'stop' {
    const f = stream.perFilterConfig<CompiledFault>(FILTER.fault) ?? this.base;
    if (!f) return 'continue';
    const d = this.decider;
    if (!d.admits(f)) return 'continue';
    if (d.shouldDelay(f)) {
      stream.setResponseFlag(FLAG.DI);
      d.stats.active_faults++;
      setTimeout(() => {
        d.stats.active_faults--;
        if (stream.downstreamClosed) return;
        if (d.shouldAbort(f)) abort(stream, f);
        else stream.continueDecoding();
      }, f.delayMs);
      return 'stop';
    }
    if (!d.shouldAbort(f)) return 'continue';
    abort(stream, f);
    return 'stop';
  }
}

export const faultFactory: HttpFilterFactory = {
  name: FILTER.fault,
  typeUrls: [TYPE_URL.fault],
  terminal: false,
  create(typedConfig, ctx) {
    const cfg = typedConfig as unknown as HTTPFault | undefined;
    const hasFault = cfg && (cfg.delay !== undefined || cfg.abort !== undefined);
    const p = `http.${ctx.statPrefix ?? ctx.listenerName}.fault.`;
    const st = ctx.services.stats;
    const stats = new StoreFaultStats({ delays_injected: st.counter(`${p}delays_injected`), aborts_injected: st.counter(`${p}aborts_injected`), active_faults: st.gauge(`${p}active_faults`), faults_overflow: st.counter(`${p}faults_overflow`) });
    return new FaultFilter(hasFault ? compileFault(cfg, ctx.where) : undefined, new FaultDecider(stats, ctx.services.options.random));
  },
  createRouteConfig(typedConfig: Any, where: string) {
    return compileFault(typedConfig as unknown as HTTPFault, where);
  },
};

httpFilters.register(faultFactory);
