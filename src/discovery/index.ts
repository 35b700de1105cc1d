/** The discovery (ADS) server's public API. See README.md for the flow and the invariants. */
export { startDiscoveryServer, type RunningDiscoveryServer, type StartDiscoveryOptions } from './start.ts';
export { DiscoveryServer, type DiscoveryServerOptions, type PushRecord } from './discovery-server.ts';
export { MemoryGenerator, type ConfigChange, type ConfigGenerator } from './generator.ts';
export { defaultShapeKey, proxyInfoFromNode, type ProxyInfo } from './proxy-info.ts';
export { syncStatus, type SyncStatus } from './connection.ts';
export type { SyncStatusEntry, XdsTypeStatus } from './status.ts';
export type { DiscoveryLog, LogLevel } from './connection-host.ts';
