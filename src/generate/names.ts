/** Names Istio gives generated resources: cluster keys, well-known clusters, listeners, virtual hosts. */
import { hasChar } from '../registry/host.ts';

const COLON = 58;

export const BLACKHOLE_CLUSTER = 'BlackHoleCluster';
export const PASSTHROUGH_CLUSTER = 'PassthroughCluster';
export const INBOUND_PASSTHROUGH_CLUSTER = 'InboundPassthroughCluster';
export const VIRTUAL_OUTBOUND_LISTENER = 'virtualOutbound';
export const VIRTUAL_INBOUND_LISTENER = 'virtualInbound';
export const VIRTUAL_OUTBOUND_PORT = 15001;
export const VIRTUAL_INBOUND_PORT = 15006;
export const DEFAULT_ROUTE_NAME = 'default';
export const WILDCARD_ADDRESS = '0.0.0.0';

export type TrafficDirection = 'inbound' | 'outbound';

/** `outbound|80|v2|reviews.default.svc.cluster.local` (Istio's BuildSubsetKey). */
export function subsetKey(direction: TrafficDirection, subset: string | undefined, hostname: string, port: number): string {
  return `${direction}|${port}|${subset ?? ''}|${hostname}`;
}

export interface ParsedSubsetKey {
  direction: TrafficDirection;
  port: number;
  subset: string;
  hostname: string;
}

export function parseSubsetKey(key: string): ParsedSubsetKey | undefined {
  const a = key.indexOf('|');
  const b = a < 0 ? -1 : key.indexOf('|', a + 1);
  const c = b < 0 ? -1 : key.indexOf('|', b + 1);
  if (c < 0 || key.indexOf('|', c + 1) >= 0) return undefined;
  const direction = key.slice(0, a);
  if (direction !== 'inbound' && direction !== 'outbound') return undefined;
  const port = Number(key.slice(a + 1, b));
  if (!Number.isInteger(port)) return undefined;
  return { direction, port, subset: key.slice(b + 1, c), hostname: key.slice(c + 1) };
}

/** `0.0.0.0_80` */
export function listenerName(bind: string, port: number): string {
  return `${bind}_${port}`;
}

/** `host:port` (IPv6 hosts bracketed, as Go's net.JoinHostPort). */
export function domainName(host: string, port: number): string {
  return hasChar(host, COLON) ? `[${host}]:${port}` : `${host}:${port}`;
}
