/**
 * Inbound side of a sidecar (Istio's buildInboundListeners / inbound clusters): for each port of
 * each service selecting the workload, an `inbound|PORT||` cluster to the workload's own address
 * and target port (its 127.0.0.x address in local mode), and a `virtualInbound` (15006) filter
 * chain matched by that destination port — an HTTP connection manager with an inline route
 * configuration for HTTP ports, tcp_proxy otherwise.
 */
import type { Cluster, FilterChain, Listener } from '../../envoy/types.ts';
import { selectorMatches } from '../../registry/labels.ts';
import { endpointPortFor } from '../../registry/kubernetes.ts';
import { isHttp } from '../../registry/protocol.ts';
import type { Service, ServicePort } from '../../registry/service.ts';
import type { GenerationContext } from '../context.ts';
import { defaultCircuitBreakerThresholds } from '../cluster/traffic-policy.ts';
import { connectTimeout } from '../cluster/clusters.ts';
import { DEFAULT_ROUTE_NAME, subsetKey, VIRTUAL_INBOUND_LISTENER, VIRTUAL_INBOUND_PORT, WILDCARD_ADDRESS } from '../names.ts';
import { httpConnectionManager } from './http-connection-manager.ts';
import { tcpProxyToCluster } from './tcp-proxy.ts';

export interface InboundPort {
  service: Service;
  port: ServicePort;
  targetPort: number;
}

/** Service ports the workload serves: services in its namespace whose selector matches its labels. */
export function inboundPorts(ctx: GenerationContext): InboundPort[] {
  const out: InboundPort[] = [];
  const seen = new Set<number>();
  const workload = ctx.snapshot.registry.workloads.find((w) => w.namespace === ctx.proxy.namespace && ctx.proxy.ipAddresses.includes(w.address) && selectorMatches(ctx.proxy.labels, w.labels));
  for (const svc of ctx.snapshot.registry.services) {
    if (svc.namespace !== ctx.proxy.namespace || !svc.selector || !selectorMatches(svc.selector, ctx.proxy.labels)) continue;
    for (const port of svc.ports) {
      if (port.protocol === 'UDP') continue;
      const targetPort = (workload ? endpointPortFor(workload, port) : undefined) ?? (typeof port.targetPort === 'number' ? port.targetPort : port.port);
      if (seen.has(targetPort)) continue;
      seen.add(targetPort);
      out.push({ service: svc, port, targetPort });
    }
  }
  return out;
}

export function inboundClusterName(targetPort: number): string {
  return subsetKey('inbound', undefined, '', targetPort);
}

export function inboundClusters(ctx: GenerationContext, ports: readonly InboundPort[]): Cluster[] {
  const address = ctx.proxy.ipAddresses[0] ?? '127.0.0.1';
  return ports.map((p) => ({
    name: inboundClusterName(p.targetPort),
    type: 'STATIC',
    connectTimeout: connectTimeout(ctx),
    loadAssignment: { clusterName: inboundClusterName(p.targetPort), endpoints: [{ lbEndpoints: [{ endpoint: { address: { socketAddress: { address, portValue: p.targetPort } } } }] }] },
    circuitBreakers: { thresholds: [defaultCircuitBreakerThresholds()] },
    metadata: { filterMetadata: { istio: { services: [{ host: p.service.hostname, name: p.service.source.name, namespace: p.service.namespace }] } } },
  }));
}

export function virtualInboundListener(ctx: GenerationContext, ports: readonly InboundPort[]): Listener {
  const chains: FilterChain[] = ports.map((p) => {
    const cluster = inboundClusterName(p.targetPort);
    const name = `${WILDCARD_ADDRESS}_${p.targetPort}`;
    const filter = isHttp(p.port.protocol)
      ? httpConnectionManager({
          statPrefix: `inbound_${name}`,
          routeConfig: {
            name: cluster,
            virtualHosts: [{ name: `inbound|http|${p.port.port}`, domains: ['*'], routes: [{ name: DEFAULT_ROUTE_NAME, match: { prefix: '/' }, route: { cluster, timeout: '0s', maxStreamDuration: { maxStreamDuration: '0s', grpcTimeoutHeaderMax: '0s' } }, decorator: { operation: `${p.service.hostname}:${p.port.port}/*` } }] }],
            validateClusters: false,
          },
          useRemoteAddress: false,
          gateway: false,
          mesh: ctx.snapshot.mesh,
        })
      : tcpProxyToCluster(cluster, ctx.snapshot.mesh);
    return { name: cluster, filterChainMatch: { destinationPort: p.targetPort }, filters: [filter] };
  });
  return { name: VIRTUAL_INBOUND_LISTENER, address: { socketAddress: { address: WILDCARD_ADDRESS, portValue: VIRTUAL_INBOUND_PORT } }, filterChains: chains, useOriginalDst: true, trafficDirection: 'INBOUND' };
}
