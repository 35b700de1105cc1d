/**
 * TCP and TLS routes → envoy.filters.network.tcp_proxy (Istio's buildOutboundNetworkFilters):
 * one destination is a plain cluster, several are weighted clusters; the stat prefix is the
 * cluster name (or the route's provenance when weighted). Provenance goes in filter-chain metadata.
 */
import type { Filter, TcpProxy } from '../../envoy/types.ts';
import { FILTER, TYPE_URL } from '../../envoy/type-urls.ts';
import type { MeshConfig } from '../../model/mesh-config.ts';
import type { RouteDestination } from '../../model/api-types.ts';
import type { Service } from '../../registry/service.ts';
import { toAny } from '../any.ts';
import { subsetKey } from '../names.ts';
import { accessLogs } from './access-log.ts';

export function tcpCluster(d: RouteDestination, svc: Service | undefined, port: number): string {
  let p = port;
  if (d.destination.port?.number) p = d.destination.port.number;
  else if (svc && svc.ports.length === 1) p = svc.ports[0].port;
  const host = svc && svc.hostname !== d.destination.host && svc.hostname.startsWith('*') ? svc.hostname : d.destination.host;
  return subsetKey('outbound', d.destination.subset, host, p);
}

export function tcpProxyFilter(routes: readonly RouteDestination[], port: number, lookup: (host: string) => Service | undefined, mesh: MeshConfig): Filter {
  const cfg: TcpProxy = { statPrefix: '' };
  const weighted = routes.length === 1 ? routes : routes.filter((r) => (r.weight ?? 0) > 0);
  if (weighted.length === 1) {
    cfg.cluster = tcpCluster(weighted[0], lookup(weighted[0].destination.host), port);
    cfg.statPrefix = cfg.cluster;
  } else {
    cfg.weightedClusters = { clusters: weighted.map((r) => ({ name: tcpCluster(r, lookup(r.destination.host), port), weight: r.weight ?? 0 })) };
    cfg.statPrefix = weighted.map((r) => r.destination.host).join('_');
  }
  const logs = accessLogs(mesh);
  if (logs) cfg.accessLog = logs;
  return { name: FILTER.tcpProxy, typedConfig: toAny(TYPE_URL.tcpProxy, cfg) };
}

export function tcpProxyToCluster(cluster: string, mesh: MeshConfig): Filter {
  const cfg: TcpProxy = { statPrefix: cluster, cluster };
  const logs = accessLogs(mesh);
  if (logs) cfg.accessLog = logs;
  return { name: FILTER.tcpProxy, typedConfig: toAny(TYPE_URL.tcpProxy, cfg) };
}
