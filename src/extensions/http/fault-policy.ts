/**
 * The decisions of `envoy.filters.http.fault` (Envoy's FaultFilter), apart from the stream: an
 * `HTTPFault` compiled (fixed delay, HTTP or gRPC abort, each with its FractionalPercent — absent
 * means 0%, as in Envoy and Istio — and `maxActiveFaults`), sampled from an injectable random
 * source in Envoy's order (delay first, then abort), with the filter's stats
 * (`fault.delays_injected`, `fault.aborts_injected`, `fault.active_faults`, `fault.faults_overflow`).
 */
import type { HTTPFault } from '../../envoy/types.ts';
import { parseDuration } from '../../common/duration.ts';
import { ConfigError } from '../../proxy/config/config-error.ts';
import { fractionOf } from '../../proxy/common/percent.ts';
import { sampleFraction, type RandomSource } from '../../proxy/common/random.ts';

export interface CompiledFault {
  readonly delayMs: number;
  readonly delayFraction: number;
  readonly abortHttpStatus: number | undefined;
  readonly abortGrpcStatus: number | undefined;
  readonly abortFraction: number;
  readonly maxActiveFaults: number | undefined;
}

export function compileFault(f: HTTPFault, where: string): CompiledFault {
  let delayMs = 0;
  if (f.delay) {
    if (f.delay.fixedDelay === undefined) throw new ConfigError(`${where}: delay needs fixedDelay (header-controlled delays are not supported)`);
    const d = parseDuration(f.delay.fixedDelay);
    if (d === undefined || d < 0) throw new ConfigError(`${where}: fixedDelay "${f.delay.fixedDelay}" is not a valid duration`);
    delayMs = d;
  }
  const http = f.abort?.httpStatus;
  const grpc = f.abort?.grpcStatus;
  if (f.abort && http === undefined && grpc === undefined) throw new ConfigError(`${where}: abort needs httpStatus or grpcStatus`);
  if (http !== undefined && !(Number.isInteger(http) && http >= 200 && http < 600)) throw new ConfigError(`${where}: abort httpStatus ${http} is not in [200, 600)`);
  if (grpc !== undefined && !(Number.isInteger(grpc) && grpc >= 0)) throw new ConfigError(`${where}: abort grpcStatus ${grpc} is not a gRPC status code`);
  return {
    delayMs,
    delayFraction: f.delay ? fractionOf(f.delay.percentage) : 0,
    abortHttpStatus: http,
    abortGrpcStatus: http === undefined ? grpc : undefined,
    abortFraction: f.abort ? fractionOf(f.abort.percentage) : 0,
    maxActiveFaults: f.maxActiveFaults,
  };
}

export class FaultStats {
  delays_injected = 0;
  aborts_injected = 0;
  active_faults = 0;
  faults_overflow = 0;
}

/** Envoy's HTTP status → gRPC status mapping for local replies to gRPC requests. */
export function httpToGrpcStatus(status: number): number {
  switch (status) {
    case 400:
      return 13;
    case 401:
      return 16;
    case 403:
      return 7;
    case 404:
      return 12;
    case 429:
    case 502:
    case 503:
    case 504:
      return 14;
    default:
      return 2;
  }
}

export class FaultDecider {
  constructor(readonly stats: FaultStats, private readonly random: RandomSource) {}

  /** Room for one more active fault under `maxActiveFaults` (counts an overflow when not). */
  admits(f: CompiledFault): boolean {
    if (f.maxActiveFaults === undefined || this.stats.active_faults < f.maxActiveFaults) return true;
    this.stats.faults_overflow++;
    return false;
  }

  shouldDelay(f: CompiledFault): boolean {
    if (f.delayMs <= 0 || !sampleFraction(this.random, f.delayFraction)) return false;
    this.stats.delays_injected++;
    return true;
  }

  shouldAbort(f: CompiledFault): boolean {
    if (f.abortHttpStatus === undefined && f.abortGrpcStatus === undefined) return false;
    if (!sampleFraction(this.random, f.abortFraction)) return false;
    this.stats.aborts_injected++;
    return true;
  }
}
