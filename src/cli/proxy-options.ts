/**
 * The proxy flags `sextant up` and `sextant proxy` share (ports, offset, access log, concurrency,
 * bind address) and their translation into ProxyOptions.
 */
import type { AccessLogSinkOption, ProxyOptions } from '../proxy/index.ts';
import { UsageError } from './command.ts';

export const PROXY_FLAGS = {
  'port-offset': { type: 'string', default: '0' },
  concurrency: { type: 'string', default: '1' },
  bind: { type: 'string', default: '0.0.0.0' },
  'admin-port': { type: 'string', default: '15000' },
  'stats-port': { type: 'string', default: '15090' },
  'ready-port': { type: 'string', default: '15021' },
} as const;

export const PROXY_FLAGS_USAGE = '[--port-offset N] [--access-log stdout|FILE|off] [--concurrency N] [--bind ADDR] [--admin-port 15000] [--stats-port 15090] [--ready-port 15021]';

function int(name: string, v: string, max = 65535): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new UsageError(`--${name} must be an integer 0-${max} (got "${v}")`);
  return n;
}

export function accessLogSink(value: string): AccessLogSinkOption {
  return value === 'stdout' || value === 'off' || value === 'config' ? value : { path: value };
}

export function proxyOptionsFrom(values: Record<string, string | boolean | string[] | undefined>, accessLog: string): ProxyOptions {
  const s = (k: keyof typeof PROXY_FLAGS): string => String(values[k] ?? PROXY_FLAGS[k].default);
  return {
    portOffset: int('port-offset', s('port-offset')),
    accessLog: accessLogSink(accessLog),
    concurrency: Math.max(1, int('concurrency', s('concurrency'), 256)),
    bindAddress: s('bind'),
    adminPort: int('admin-port', s('admin-port')),
    statsPort: int('stats-port', s('stats-port')),
    readinessPort: int('ready-port', s('ready-port')),
  };
}
