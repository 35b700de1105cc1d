/**
 * What an extension factory sees while a bundle is built: where it is (for messages), the bundle
 * being built (secrets, route tables, cluster names), the long-lived proxy services, and a way to
 * record warnings. Factories throw ConfigError to reject the bundle.
 */
import type { RouteTable } from '../router/route-table.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import type { ProxyServices } from '../services.ts';

export interface BuildState {
  readonly secrets: SecretStore;
  /** Route configurations of the bundle, compiled, by name. */
  readonly routeTables: Map<string, RouteTable>;
  readonly clusterNames: Set<string>;
}

export interface FactoryContext {
  /** Location for messages, e.g. `listener "0.0.0.0_80" filter chain "x"`. */
  readonly where: string;
  readonly listenerName: string;
  /** The listener's configured (Envoy) port. */
  readonly listenerPort: number;
  readonly build: BuildState;
  /** The HTTP connection manager's `statPrefix`, for HTTP filters' stats (`http.PREFIX.fault.*`). */
  readonly statPrefix?: string;
  readonly services: ProxyServices;
  warn(message: string): void;
}
