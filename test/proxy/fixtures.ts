/**
 * Hand-written Envoy v3 bundles for the proxy tests, built from small helpers in the shape the
 * control plane generates for an Istio ingress gateway: listeners with an HTTP connection manager
 * (RDS), route configurations, STATIC/EDS clusters, TLS filter chains with SDS secrets, TCP proxy.
 */
import type {
  AccessLog,
  Cluster,
  ClusterLoadAssignment,
  Filter,
  FilterChain,
  HttpConnectionManager,
  HttpFilter,
  Listener,
  ProxyResources,
  RouteConfiguration,
  Secret,
  TransportSocket,
  VirtualHost,
} from '../../src/envoy/types.ts';
import { TYPE_URL } from '../../src/envoy/type-urls.ts';
import { ISTIO_JSON_FORMAT, ISTIO_TEXT_FORMAT } from '../../src/proxy/index.ts';

export const router = (): HttpFilter => ({ name: 'envoy.filters.http.router', typedConfig: { '@type': TYPE_URL.router } });
export const corsFilter = (): HttpFilter => ({ name: 'envoy.filters.http.cors', typedConfig: { '@type': TYPE_URL.cors } });
export const faultFilter = (): HttpFilter => ({ name: 'envoy.filters.http.fault', typedConfig: { '@type': TYPE_URL.fault } });

export function accessLog(format: 'json' | 'text', path = '/dev/stdout'): AccessLog {
  const logFormat = format === 'json' ? { jsonFormat: ISTIO_JSON_FORMAT } : { textFormatSource: { inlineString: ISTIO_TEXT_FORMAT } };
  return { name: 'envoy.access_loggers.file', typedConfig: { '@type': TYPE_URL.fileAccessLog, path, logFormat } };
}

export function hcm(routeConfigName: string, extra: Partial<HttpConnectionManager> = {}): Filter {
  const cfg: HttpConnectionManager = {
    statPrefix: routeConfigName,
    useRemoteAddress: true,
    rds: { routeConfigName, configSource: { ads: {}, resourceApiVersion: 'V3' } },
    httpFilters: [router()],
    upgradeConfigs: [{ upgradeType: 'websocket' }],
    ...extra,
  };
  return { name: 'envoy.filters.network.http_connection_manager', typedConfig: { '@type': TYPE_URL.httpConnectionManager, ...cfg } };
}

export function tcpProxy(cluster: string, extra: Record<string, unknown> = {}): Filter {
  return { name: 'envoy.filters.network.tcp_proxy', typedConfig: { '@type': TYPE_URL.tcpProxy, statPrefix: cluster, cluster, ...extra } };
}

export function listener(name: string, filterChains: FilterChain[], extra: Partial<Listener> = {}): Listener {
  return { name, address: { socketAddress: { address: '0.0.0.0', portValue: 0 } }, filterChains, ...extra };
}

export const TLS_INSPECTOR = { name: 'envoy.filters.listener.tls_inspector', typedConfig: { '@type': TYPE_URL.tlsInspector } };

export function downstreamTls(certSecret: string, opts: { alpn?: string[]; requireClient?: boolean; caSecret?: string } = {}): TransportSocket {
  return {
    name: 'envoy.transport_sockets.tls',
    typedConfig: {
      '@type': TYPE_URL.downstreamTlsContext,
      requireClientCertificate: opts.requireClient ?? false,
      commonTlsContext: {
        tlsCertificateSdsSecretConfigs: [{ name: certSecret, sdsConfig: { ads: {} } }],
        ...(opts.caSecret ? { validationContextSdsSecretConfig: { name: opts.caSecret, sdsConfig: { ads: {} } } } : {}),
        alpnProtocols: opts.alpn ?? ['h2', 'http/1.1'],
      },
    },
  };
}

export function upstreamTls(opts: { sni?: string; caPem?: string; cert?: { cert: string; key: string } }): TransportSocket {
  return {
    name: 'envoy.transport_sockets.tls',
    typedConfig: {
      '@type': TYPE_URL.upstreamTlsContext,
      sni: opts.sni,
      commonTlsContext: {
        ...(opts.cert ? { tlsCertificates: [{ certificateChain: { inlineString: opts.cert.cert }, privateKey: { inlineString: opts.cert.key } }] } : {}),
        ...(opts.caPem ? { validationContext: { trustedCa: { inlineString: opts.caPem } } } : {}),
      },
    },
  };
}

export function certSecret(name: string, pem: { cert: string; key: string }): Secret {
  return { name, tlsCertificate: { certificateChain: { inlineString: pem.cert }, privateKey: { inlineString: pem.key } } };
}

export function caSecret(name: string, caPem: string): Secret {
  return { name, validationContext: { trustedCa: { inlineString: caPem } } };
}

export function staticCluster(name: string, ports: number[], extra: Partial<Cluster> = {}): Cluster {
  return {
    name,
    type: 'STATIC',
    connectTimeout: '1s',
    loadAssignment: { clusterName: name, endpoints: [{ lbEndpoints: ports.map((p) => ({ endpoint: { address: { socketAddress: { address: '127.0.0.1', portValue: p } } } })) }] },
    ...extra,
  };
}

export function edsCluster(name: string, extra: Partial<Cluster> = {}): Cluster {
  return { name, type: 'EDS', connectTimeout: '1s', edsClusterConfig: { edsConfig: { ads: {} }, serviceName: name }, ...extra };
}

export function cla(name: string, ports: number[], metadata?: Record<string, unknown>): ClusterLoadAssignment {
  return {
    clusterName: name,
    endpoints: [{ lbEndpoints: ports.map((p) => ({ endpoint: { address: { socketAddress: { address: '127.0.0.1', portValue: p } } }, ...(metadata ? { metadata: { filterMetadata: { istio: metadata } } } : {}) })) }],
  };
}

/** Seed 001: the gateway's route config when no Gateway is bound — a blackhole 404 named `default`. */
export function blackhole(name = 'http.80'): RouteConfiguration {
  return {
    name,
    virtualHosts: [{ name: 'blackhole:80', domains: ['*'], routes: [{ name: 'default', match: { prefix: '/' }, directResponse: { status: 404 } }] }],
    validateClusters: false,
  };
}

export function vhost(name: string, domains: string[], routes: VirtualHost['routes'], extra: Partial<VirtualHost> = {}): VirtualHost {
  return { name, domains, routes, ...extra };
}

export function bundle(partial: Partial<ProxyResources>): ProxyResources {
  return { listeners: [], routes: [], clusters: [], endpoints: [], secrets: [], ...partial };
}

/** The common case: one plaintext HTTP listener named `http` with RDS `http.80`. */
export function httpBundle(routes: RouteConfiguration[], clusters: Cluster[], hcmExtra: Partial<HttpConnectionManager> = {}, endpoints: ClusterLoadAssignment[] = []): ProxyResources {
  return bundle({ listeners: [listener('http', [{ filters: [hcm('http.80', hcmExtra)] }])], routes, clusters, endpoints });
}
