/**
 * One Envoy `FilterChain` built: its match criteria (normalized), the downstream TLS it
 * terminates (or none: plaintext or TLS passthrough), and its network filters from the registry
 * (the last one terminal). `key` identifies the chain across updates so unchanged chains keep
 * their connections.
 */
import type { DownstreamTlsContext, FilterChain } from '../../envoy/types.ts';
import { FILTER, TYPE_URL } from '../../envoy/type-urls.ts';
import type { NetworkFilter } from '../../extensions/api.ts';
import { networkFilters } from '../../extensions/registry.ts';
import { ConfigError } from '../config/config-error.ts';
import type { FactoryContext } from '../config/factory-context.ts';
import { secretsFingerprint } from '../secrets/secret-store.ts';
import { buildDownstreamTls, type DownstreamTls } from '../tls/downstream-tls.ts';
import { parseCidr, type Cidr } from './cidr.ts';

export interface ChainMatch {
  destinationPort: number | undefined;
  prefixRanges: Cidr[];
  serverNames: string[];
  transportProtocol: string | undefined;
  applicationProtocols: string[];
  sourcePrefixRanges: Cidr[];
  sourcePorts: number[];
}

export class FilterChainConfig {
  readonly name: string;
  readonly match: ChainMatch;
  readonly tls: DownstreamTls | undefined;
  readonly filters: NetworkFilter[];
  readonly key: string;

  constructor(fc: FilterChain, index: number, ctx: FactoryContext) {
    if (!fc || typeof fc !== 'object') throw new ConfigError('filter chain is not an object');
    this.name = fc.name ?? `#${index}`;
    const m = fc.filterChainMatch ?? {};
    this.match = {
      destinationPort: m.destinationPort,
      prefixRanges: (m.prefixRanges ?? []).map(parseCidr),
      serverNames: (m.serverNames ?? []).map((s) => s.toLowerCase()),
      transportProtocol: m.transportProtocol || undefined,
      applicationProtocols: m.applicationProtocols ?? [],
      sourcePrefixRanges: (m.sourcePrefixRanges ?? []).map(parseCidr),
      sourcePorts: m.sourcePorts ?? [],
    };
    for (const sn of this.match.serverNames) {
      if (sn.includes('*') && !(sn.startsWith('*.') && !sn.slice(1).includes('*'))) throw new ConfigError(`server name "${sn}": only a leading "*." wildcard is allowed`);
    }
    this.tls = this.buildTls(fc, ctx);
    const filters = fc.filters ?? [];
    if (filters.length === 0) throw new ConfigError(`filter chain ${this.name} has no filters`);
    this.filters = filters.map((f, i) => {
      const factory = networkFilters.find(f.name, f.typedConfig);
      if (!factory) throw new ConfigError(`unknown network filter "${f.name}" (known: ${networkFilters.names().join(', ')})`);
      if (factory.terminal !== (i === filters.length - 1)) {
        throw new ConfigError(factory.terminal ? `terminal filter ${factory.name} must be the last network filter` : `the last network filter must be terminal, not ${factory.name}`);
      }
      return factory.create(f.typedConfig, { ...ctx, where: `${ctx.where} filter chain ${this.name} ${factory.name}` });
    });
    this.key = JSON.stringify(fc) + '|' + secretsFingerprint(ctx.build.secrets, this.tls?.secretNames ?? []);
  }

  private buildTls(fc: FilterChain, ctx: FactoryContext): DownstreamTls | undefined {
    const ts = fc.transportSocket;
    if (!ts || ts.name === 'envoy.transport_sockets.raw_buffer') return undefined;
    const url = ts.typedConfig?.['@type'];
    if (ts.name !== FILTER.tlsTransportSocket && url !== TYPE_URL.downstreamTlsContext) throw new ConfigError(`unsupported transport socket "${ts.name}"`);
    if (url !== undefined && url !== TYPE_URL.downstreamTlsContext) throw new ConfigError(`transport socket ${ts.name} expects ${TYPE_URL.downstreamTlsContext}, got ${url}`);
    return buildDownstreamTls((ts.typedConfig ?? {}) as DownstreamTlsContext, ctx.build.secrets);
  }
}
