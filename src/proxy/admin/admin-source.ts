/**
 * What the admin, Prometheus and readiness endpoints read from a proxy: readiness, the applied
 * configuration, stats in Envoy's text and Prometheus forms, cluster membership. Implemented by
 * the in-process runtime and by the multi-worker supervisor (which merges its workers).
 */

export interface AdminSource {
  /** True once a full configuration is applied and serving (and the proxy is not stopping). */
  ready(): boolean;
  configDump(query: URLSearchParams): unknown;
  statsText(): Promise<string>;
  prometheusText(): Promise<string>;
  clustersText(): Promise<string>;
  listenersText(): string;
  serverInfo(): unknown;
}
