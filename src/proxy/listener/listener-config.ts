/**
 * One Envoy `Listener` built: where it binds (configured port + offset; wildcard addresses bind
 * the proxy's bind address), its filter chains and default chain, and which listener filters
 * run (TLS inspector, HTTP inspector) with their timeout.
 */
import type { Listener } from '../../envoy/types.ts';
import { FILTER } from '../../envoy/type-urls.ts';
import { parseDuration } from '../../common/duration.ts';
import { ConfigError } from '../config/config-error.ts';
import type { BuildState } from '../config/factory-context.ts';
import type { ProxyServices } from '../services.ts';
import { FilterChainConfig } from './filter-chain.ts';
import { FilterChainManager } from './filter-chain-manager.ts';

const KNOWN_LISTENER_FILTERS = new Set<string>([FILTER.tlsInspector, FILTER.httpInspector, FILTER.originalDst, 'envoy.listener.tls_inspector', 'envoy.listener.http_inspector']);

export class ListenerConfig {
  readonly name: string;
  readonly port: number;
  readonly bindAddress: string;
  readonly bindPort: number;
  readonly bindToPort: boolean;
  readonly chains: FilterChainManager;
  readonly inspectTimeoutMs: number;
  readonly continueOnTimeout: boolean;
  readonly key: string;
  readonly raw: Listener;

  constructor(l: Listener, build: BuildState, services: ProxyServices, warn: (m: string) => void) {
    if (!l || typeof l.name !== 'string' || l.name === '') throw new ConfigError('listener has no name');
    this.raw = l;
    this.name = l.name;
    const sa = l.address?.socketAddress;
    if (!sa || typeof sa.address !== 'string') throw new ConfigError('listener needs address.socketAddress (pipes are not supported)');
    if (sa.protocol === 'UDP') throw new ConfigError('UDP listeners are not supported');
    const port = sa.portValue ?? 0;
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`invalid port ${sa.portValue}`);
    this.port = port;
    const opts = services.options;
    this.bindPort = port === 0 ? 0 : port + opts.portOffset;
    if (this.bindPort > 65535) throw new ConfigError(`port ${port} + portOffset ${opts.portOffset} is above 65535`);
    this.bindAddress = sa.address === '0.0.0.0' || sa.address === '::' ? opts.bindAddress : sa.address;
    this.bindToPort = l.bindToPort !== false;
    const filterNames = (l.listenerFilters ?? []).map((f) => f.name);
    for (const f of filterNames) if (!KNOWN_LISTENER_FILTERS.has(f)) throw new ConfigError(`unknown listener filter "${f}"`);
    if (filterNames.includes(FILTER.originalDst)) warn(`listener "${l.name}": original_dst is ignored (no transparent interception)`);
    const timeout = l.listenerFiltersTimeout !== undefined ? parseDuration(l.listenerFiltersTimeout) : 15_000;
    if (timeout === undefined) throw new ConfigError(`listenerFiltersTimeout "${l.listenerFiltersTimeout}" is not a valid duration`);
    this.inspectTimeoutMs = timeout === 0 ? 2 ** 31 - 1 : timeout;
    this.continueOnTimeout = l.continueOnListenerFiltersTimeout === true;
    const ctx = { where: `listener "${l.name}"`, listenerName: l.name, listenerPort: port, build, services, warn };
    const chains = (l.filterChains ?? []).map((fc, i) => {
      try {
        return new FilterChainConfig(fc, i, ctx);
      } catch (e) {
        throw new ConfigError(`filter chain ${fc?.name ? `"${fc.name}"` : `#${i}`}: ${(e as Error).message}`);
      }
    });
    const dflt = l.defaultFilterChain ? new FilterChainConfig({ name: 'default', ...l.defaultFilterChain }, -1, ctx) : undefined;
    if (chains.length === 0 && !dflt) throw new ConfigError('listener has no filter chains');
    const tlsInspector = filterNames.includes(FILTER.tlsInspector) || filterNames.includes('envoy.listener.tls_inspector');
    const httpInspector = filterNames.includes(FILTER.httpInspector) || filterNames.includes('envoy.listener.http_inspector');
    this.chains = new FilterChainManager(chains, dflt, tlsInspector, httpInspector);
    this.key = `${this.bindAddress}:${this.bindPort}`;
  }
}
