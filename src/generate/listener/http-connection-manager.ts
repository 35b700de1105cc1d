/**
 * The HTTP connection manager network filter (Istio's buildHTTPConnectionManager): AUTO codec (the
 * default, so not written — output is in Envoy's canonical proto3 JSON form),
 * RDS over ADS (or an inline route configuration), websocket upgrades, path normalisation, no
 * stream idle timeout, `server: istio-envoy`, the fault → cors → router HTTP filter chain, and
 * for gateways remote-address trust and SANITIZE_SET client-certificate forwarding.
 */
import type { Filter, HttpConnectionManager, RouteConfiguration } from '../../envoy/types.ts';
import { FILTER, TYPE_URL } from '../../envoy/type-urls.ts';
import type { MeshConfig } from '../../model/mesh-config.ts';
import { toAny } from '../any.ts';
import { accessLogs } from './access-log.ts';

export interface HcmOptions {
  statPrefix: string;
  rds?: string;
  routeConfig?: RouteConfiguration;
  /** Gateways and inbound: trust the downstream address. */
  useRemoteAddress: boolean;
  gateway: boolean;
  mesh: MeshConfig;
}

export const ADS_CONFIG_SOURCE = { ads: {}, initialFetchTimeout: '0s', resourceApiVersion: 'V3' as const };

/** Constant parts shared by every HCM generated (read-only, like all generated resources). */
const HTTP_FILTERS: HttpConnectionManager['httpFilters'] = Object.freeze([
  { name: FILTER.fault, typedConfig: { '@type': TYPE_URL.fault } },
  { name: FILTER.cors, typedConfig: { '@type': TYPE_URL.cors } },
  { name: FILTER.router, typedConfig: { '@type': TYPE_URL.router } },
]) as HttpConnectionManager['httpFilters'];
const UPGRADE_CONFIGS = Object.freeze([{ upgradeType: 'websocket' }]) as HttpConnectionManager['upgradeConfigs'];
const CLIENT_CERT_DETAILS = Object.freeze({ subject: true, cert: true, dns: true, uri: true });

export function httpConnectionManager(o: HcmOptions): Filter {
  const hcm: HttpConnectionManager = {
    statPrefix: o.statPrefix,
  };
  if (o.rds !== undefined) hcm.rds = { configSource: ADS_CONFIG_SOURCE, routeConfigName: o.rds };
  else if (o.routeConfig) hcm.routeConfig = o.routeConfig;
  hcm.httpFilters = HTTP_FILTERS;
  hcm.serverName = 'istio-envoy';
  hcm.useRemoteAddress = o.useRemoteAddress;
  if (o.gateway) {
    hcm.forwardClientCertDetails = 'SANITIZE_SET';
    hcm.setCurrentClientCertDetails = CLIENT_CERT_DETAILS;
  }
  hcm.upgradeConfigs = UPGRADE_CONFIGS;
  hcm.streamIdleTimeout = '0s';
  pathNormalization(hcm, o.mesh);
  const logs = accessLogs(o.mesh);
  if (logs) hcm.accessLog = logs;
  return { name: FILTER.httpConnectionManager, typedConfig: toAny(TYPE_URL.httpConnectionManager, hcm) };
}

/** MeshConfig `pathNormalization` as Istio maps it onto the HCM (DEFAULT is BASE: normalize_path only). */
function pathNormalization(hcm: HttpConnectionManager, mesh: MeshConfig): void {
  hcm.pathWithEscapedSlashesAction = 'KEEP_UNCHANGED';
  const mode = mesh.raw.pathNormalization?.normalization ?? 'DEFAULT';
  hcm.normalizePath = mode !== 'NONE';
  if (mode === 'MERGE_SLASHES' || mode === 'DECODE_AND_MERGE_SLASHES') hcm.mergeSlashes = true;
  if (mode === 'DECODE_AND_MERGE_SLASHES') hcm.pathWithEscapedSlashesAction = 'UNESCAPE_AND_FORWARD';
}
