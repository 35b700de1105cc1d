/**
 * What a connection needs from the server that owns it: the proxy's current configuration, the
 * metrics, logging and NACK bookkeeping. Keeps the stream classes free of server internals.
 */
import type { NackRecord, XdsConnection } from './connection.ts';
import type { DiscoveryMetrics } from './metrics.ts';
import type { ShapeConfig } from './shape-config.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type DiscoveryLog = (level: LogLevel, message: string) => void;

export interface ConnectionHost {
  /** The configuration to serve this proxy now (generated on demand); undefined when none is servable yet. */
  shapeFor(conn: XdsConnection): ShapeConfig | undefined;
  readonly metrics: DiscoveryMetrics;
  readonly log: DiscoveryLog;
  /** Sent as DiscoveryResponse.control_plane.identifier. */
  readonly controlPlaneId: string;
  /** Called once per NACK: logs it with the error_detail and counts pilot_total_xds_rejects. */
  onNack(conn: XdsConnection, nack: NackRecord): void;
}
