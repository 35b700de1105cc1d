/**
 * What the debug endpoints report, computed from the server's connections: istiod's /debug/syncz
 * entries (nonces sent/acked per type, the fields `istioctl proxy-status` reads, plus versions and
 * SYNCED / STALE / NOT SENT), an Envoy admin ConfigDump of what a proxy was actually sent (decoded
 * from the bytes on the wire, private keys redacted), and the push status.
 */
import { decodeResource } from '../envoy/proto.ts';
import { RESOURCE_KINDS, type XdsShortName } from '../envoy/resource-kinds.ts';
import { TYPE_PREFIX } from '../envoy/type-urls.ts';
import { syncStatus, type SyncStatus, type XdsConnection } from './connection.ts';
import type { DiscoveryServer } from './discovery-server.ts';

export interface XdsTypeStatus {
  status: SyncStatus;
  versionSent?: string;
  versionAcked?: string;
  nonceSent?: string;
  nonceAcked?: string;
  resources: number;
  /** The last NACK of this type: the proxy kept versionAcked. */
  lastNack?: { message: string; rejectedVersion: string; at: string };
}

/** One /debug/syncz entry. The snake_case fields are the ones istiod has always served. */
export interface SyncStatusEntry {
  proxy: string;
  /** The control plane instance serving it (istioctl's ISTIOD column). */
  istiod: string;
  proxy_type: string;
  cluster_id: string;
  istio_version: string;
  connection_id: string;
  protocol: 'sotw' | 'delta';
  connected_at: string;
  cluster_sent: string;
  cluster_acked: string;
  listener_sent: string;
  listener_acked: string;
  route_sent: string;
  route_acked: string;
  endpoint_sent: string;
  endpoint_acked: string;
  secret_sent: string;
  secret_acked: string;
  xds: Record<XdsShortName, XdsTypeStatus>;
}

const LEGACY: Record<XdsShortName, string> = { CDS: 'cluster', LDS: 'listener', RDS: 'route', EDS: 'endpoint', SDS: 'secret' };

function typeStatus(conn: XdsConnection, typeUrl: string): XdsTypeStatus {
  const w = conn.watches.get(typeUrl);
  const nack = w?.lastNack && (!w.nonceAcked || w.lastNack.at >= (w.ackedAt ?? 0)) ? { message: w.lastNack.message, rejectedVersion: w.lastNack.rejectedVersion, at: new Date(w.lastNack.at).toISOString() } : undefined;
  return { status: syncStatus(w), versionSent: w?.versionSent, versionAcked: w?.versionAcked, nonceSent: w?.nonceSent, nonceAcked: w?.nonceAcked, resources: w?.resourceNames.length ?? 0, lastNack: nack };
}

export function syncStatusEntry(conn: XdsConnection, controlPlane = ''): SyncStatusEntry {
  const xds = {} as Record<XdsShortName, XdsTypeStatus>;
  const legacy: Record<string, string> = {};
  for (const k of RESOURCE_KINDS) {
    const s = typeStatus(conn, k.typeUrl);
    xds[k.short] = s;
    legacy[`${LEGACY[k.short]}_sent`] = s.nonceSent ?? '';
    legacy[`${LEGACY[k.short]}_acked`] = s.nonceAcked ?? '';
  }
  const p = conn.proxy;
  return {
    proxy: p.id,
    istiod: controlPlane,
    proxy_type: p.type,
    cluster_id: p.clusterId,
    istio_version: p.version,
    connection_id: conn.conId,
    protocol: conn.protocol,
    connected_at: new Date(conn.connectedAt).toISOString(),
    ...(legacy as Pick<SyncStatusEntry, 'cluster_sent'>),
    xds,
  } as SyncStatusEntry;
}

export function syncz(server: DiscoveryServer): SyncStatusEntry[] {
  return [...server.connections.values()].map((c) => syncStatusEntry(c, server.controlPlaneId)).sort((a, b) => a.proxy.localeCompare(b.proxy));
}

/** The newest connection whose proxy id (`pod.ns`), connection id or node id is `proxyId`. */
export function findConnection(server: DiscoveryServer, proxyId: string): XdsConnection | undefined {
  let found: XdsConnection | undefined;
  for (const c of server.connections.values()) {
    if (c.proxy.id === proxyId || c.conId === proxyId || c.proxy.nodeId === proxyId || c.proxy.id.split('.')[0] === proxyId) {
      if (!found || c.connectedAt >= found.connectedAt) found = c;
    }
  }
  return found;
}

const REDACTED = Buffer.from('[redacted]').toString('base64');

function redactSecret(secret: Record<string, unknown>): Record<string, unknown> {
  const tls = secret.tlsCertificate as Record<string, unknown> | undefined;
  return tls?.privateKey ? { ...secret, tlsCertificate: { ...tls, privateKey: { inlineBytes: REDACTED } } } : secret;
}

/** envoy.admin.v3.ConfigDump of what this proxy was last sent, as Envoy's /config_dump prints it. */
export function configDump(conn: XdsConnection): { configs: Record<string, unknown>[] } {
  const shape = conn.shape;
  const at = (t?: number) => new Date(t ?? conn.connectedAt).toISOString();
  const sent = (typeUrl: string) => {
    const w = conn.watches.get(typeUrl);
    const set = shape?.types.get(typeUrl);
    const list = (w?.resourceNames ?? []).flatMap((n) => {
      const r = set?.byName.get(n);
      return r ? [{ '@type': typeUrl, ...decodeResource(typeUrl, r.packed.value) } as Record<string, unknown>] : [];
    });
    return { version: w?.versionAcked ?? w?.versionSent ?? '', lastUpdated: at(w?.sentAt), list };
  };
  const [cds, eds, lds, rds, sds] = RESOURCE_KINDS.map((k) => sent(k.typeUrl));
  const admin = (name: string) => `${TYPE_PREFIX}envoy.admin.v3.${name}`;
  return {
    configs: [
      { '@type': admin('ClustersConfigDump'), versionInfo: cds.version, dynamicActiveClusters: cds.list.map((cluster) => ({ versionInfo: cds.version, cluster, lastUpdated: cds.lastUpdated })) },
      { '@type': admin('EndpointsConfigDump'), dynamicEndpointConfigs: eds.list.map((endpointConfig) => ({ versionInfo: eds.version, endpointConfig, lastUpdated: eds.lastUpdated })) },
      { '@type': admin('ListenersConfigDump'), versionInfo: lds.version, dynamicListeners: lds.list.map((listener) => ({ name: listener.name, activeState: { versionInfo: lds.version, listener, lastUpdated: lds.lastUpdated } })) },
      { '@type': admin('RoutesConfigDump'), dynamicRouteConfigs: rds.list.map((routeConfig) => ({ versionInfo: rds.version, routeConfig, lastUpdated: rds.lastUpdated })) },
      { '@type': admin('SecretsConfigDump'), dynamicActiveSecrets: sds.list.map((secret) => ({ name: secret.name, versionInfo: sds.version, lastUpdated: sds.lastUpdated, secret: redactSecret(secret) })) },
    ],
  };
}

/** /debug/push_status: push history, shapes and their problems, NACK totals. */
export function pushStatus(server: DiscoveryServer): Record<string, unknown> {
  const proxiesPerShape = new Map<string, number>();
  for (const c of server.connections.values()) {
    const k = server.shapeKeyOf(c);
    proxiesPerShape.set(k, (proxiesPerShape.get(k) ?? 0) + 1);
  }
  const shapes = [...server.shapes.values()].map((s) => ({
    key: s.key,
    pushVersion: s.pushVersion,
    proxies: proxiesPerShape.get(s.key) ?? 0,
    generatedAt: new Date(s.generatedAt).toISOString(),
    generateMs: Math.round(s.generateMs * 100) / 100,
    resources: Object.fromEntries(RESOURCE_KINDS.map((k) => [k.short, s.types.get(k.typeUrl)?.ordered.length ?? 0])),
    error: s.error,
    consistency: s.consistency,
  }));
  return {
    pushVersion: server.pushVersion,
    connectedProxies: server.connections.size,
    totalXdsRejects: Object.fromEntries(server.totalNacks),
    shapes,
    pushes: server.pushes.slice(-20).map((p) => ({ ...p, triggeredAt: new Date(p.triggeredAt).toISOString(), startedAt: new Date(p.startedAt).toISOString() })),
  };
}
