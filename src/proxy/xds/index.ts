/** The proxy's xDS client: see README.md. */
export { XdsClient, type ApplyResult, type XdsClientOptions, type XdsLog, type XdsNack, type XdsUpdate } from './xds-client.ts';
export { Backoff, type BackoffOptions } from './backoff.ts';
export { proxyNode, type ProxyNodeOptions } from './node.ts';
