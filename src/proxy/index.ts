/**
 * The Sextant proxy's public API: construct a `Proxy` with `ProxyOptions`, `apply()` Envoy v3
 * `ProxyResources` bundles, read `ApplyResult`s. Everything else in src/proxy is internal.
 */
export { Proxy, type StopOptions } from './proxy.ts';
export type { ProxyOptions } from './options.ts';
export type { ApplyResult, BoundListener } from './apply-result.ts';
export type { AccessLogSinkOption } from './access-log/sink.ts';
export type { ProxyIdentity } from './stats/istio-metrics.ts';
export type { AdminSource } from './admin/admin-source.ts';
export { ISTIO_JSON_FORMAT, ISTIO_TEXT_FORMAT } from './access-log/istio-formats.ts';
