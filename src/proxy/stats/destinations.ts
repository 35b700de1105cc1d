/**
 * Resolves the Istio metric destination of a request from its upstream host (workload metadata)
 * or cluster (service from Istio's cluster metadata or the `outbound|port|subset|host` name),
 * caching the rendered labels on the host or cluster object.
 */
import type { Host } from '../upstream/host.ts';
import type { UpstreamCluster } from '../upstream/upstream-cluster.ts';
import { destinationFromHost, serviceOfCluster, type Destination, type DestinationInfo, type IstioMetrics } from './istio-metrics.ts';

function clusterInfo(c: UpstreamCluster): DestinationInfo {
  const svc = c.spec.istioService;
  if (svc && svc.host) return { service: svc.host, serviceName: svc.name || undefined, serviceNamespace: svc.namespace || undefined };
  const fqdn = serviceOfCluster(c.name);
  return fqdn ? destinationFromHost(fqdn) : { service: c.name };
}

export function destinationOf(metrics: IstioMetrics, cluster: UpstreamCluster | undefined, host: Host | undefined): Destination {
  if (!cluster) return metrics.unknownDestination;
  if (host) {
    const cached = host.metricsDest as Destination | undefined;
    if (cached) return cached;
    const w = host.workload;
    const d = metrics.destination({
      ...clusterInfo(cluster),
      workload: w?.name,
      workloadNamespace: w?.namespace,
      canonicalService: w?.canonicalService,
      canonicalRevision: w?.canonicalRevision,
      cluster: w?.cluster,
    });
    host.metricsDest = d;
    return d;
  }
  let d = cluster.metricsKey as Destination | undefined;
  if (!d) {
    d = metrics.destination(clusterInfo(cluster));
    cluster.metricsKey = d;
  }
  return d;
}
