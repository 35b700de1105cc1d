/**
 * The proxy's options (what `sextant up` and tests pass to `new Proxy()`), their defaults and
 * checks. Ports follow Istio's: admin 15000, Prometheus 15090, readiness 15021; an Envoy listener
 * port P is bound on P + portOffset.
 */
import type { AccessLogSinkOption } from './access-log/sink.ts';
import { MATH_RANDOM, type RandomSource } from './common/random.ts';
import { SYSTEM_TIME, type TimeSource } from './common/time-source.ts';
import type { ProxyIdentity } from './stats/istio-metrics.ts';

export interface ProxyOptions {
  /** Bind Envoy listener port P on P + portOffset (0 keeps the configured port). */
  portOffset?: number;
  /** Address the listeners, stats and readiness servers bind (default 0.0.0.0). */
  bindAddress?: string;
  /** `config` (default) follows each FileAccessLog path; or stdout / one file / a callback / off. */
  accessLog?: AccessLogSinkOption;
  /** The `server` response header (default `istio-envoy`); the HCM's serverName wins when set. */
  serverName?: string;
  /** Admin server port (default 15000, on adminAddress); null disables it, 0 picks a free port. */
  adminPort?: number | null;
  /** Address of the admin server (default 127.0.0.1, as Istio binds it). */
  adminAddress?: string;
  /** Prometheus `/stats/prometheus` port (default 15090); null disables it. */
  statsPort?: number | null;
  /** Readiness `/healthz/ready` port (default 15021); null disables it. */
  readinessPort?: number | null;
  /** Worker processes sharing the listeners (default 1: serve in this process). */
  concurrency?: number;
  /** How long a listener removed by an update drains before its connections are closed (default 5000). */
  drainMs?: number;
  /** Identity labels of this proxy for Istio metrics (source_workload, ...). */
  identity?: ProxyIdentity;
  /** Operational messages (default: written to stderr). */
  log?: (message: string) => void;
  /** The source of every sampling decision (load balancing, faults, mirrors, back-off); tests inject a seeded one. */
  random?: RandomSource;
  /** The clock of outlier detection; tests inject a manual one. */
  time?: TimeSource;
}

export interface ResolvedOptions {
  portOffset: number;
  bindAddress: string;
  accessLog: AccessLogSinkOption;
  serverName: string;
  adminPort: number | null;
  adminAddress: string;
  statsPort: number | null;
  readinessPort: number | null;
  concurrency: number;
  drainMs: number;
  identity: ProxyIdentity;
  log: (message: string) => void;
  random: RandomSource;
  time: TimeSource;
}

function port(v: number | null | undefined, dflt: number, name: string): number | null {
  if (v === null) return null;
  const p = v ?? dflt;
  if (!Number.isInteger(p) || p < 0 || p > 65535) throw new TypeError(`ProxyOptions.${name} must be a port number, 0 or null (got ${v})`);
  return p;
}

export function resolveOptions(o: ProxyOptions = {}): ResolvedOptions {
  const offset = o.portOffset ?? 0;
  if (!Number.isInteger(offset) || offset < 0 || offset > 65535) throw new TypeError(`ProxyOptions.portOffset must be an integer in [0, 65535] (got ${o.portOffset})`);
  const concurrency = o.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) throw new TypeError(`ProxyOptions.concurrency must be an integer in [1, 256] (got ${o.concurrency})`);
  const drainMs = o.drainMs ?? 5000;
  if (!(drainMs >= 0)) throw new TypeError('ProxyOptions.drainMs must be >= 0');
  const acc = o.accessLog ?? 'config';
  if (!(typeof acc === 'function' || (typeof acc === 'object' && acc !== null && typeof acc.path === 'string') || ['config', 'stdout', 'off'].includes(acc as string))) {
    throw new TypeError('ProxyOptions.accessLog must be "config", "stdout", "off", {path}, or a function');
  }
  return {
    portOffset: offset,
    bindAddress: o.bindAddress ?? '0.0.0.0',
    accessLog: acc,
    serverName: o.serverName ?? 'istio-envoy',
    adminPort: port(o.adminPort, 15000, 'adminPort'),
    adminAddress: o.adminAddress ?? '127.0.0.1',
    statsPort: port(o.statsPort, 15090, 'statsPort'),
    readinessPort: port(o.readinessPort, 15021, 'readinessPort'),
    concurrency,
    drainMs,
    identity: o.identity ?? {},
    log: o.log ?? ((m) => process.stderr.write(`sextant proxy: ${m}\n`)),
    random: o.random ?? MATH_RANDOM,
    time: o.time ?? SYSTEM_TIME,
  };
}
