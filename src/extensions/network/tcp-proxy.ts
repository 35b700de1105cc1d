/** `envoy.filters.network.tcp_proxy`: the TcpProxy typed config → the TCP proxy filter. */
import type { TcpProxy } from '../../envoy/types.ts';
import { FILTER, TYPE_URL } from '../../envoy/type-urls.ts';
import { TcpProxyConfig, TcpProxyFilter } from '../../proxy/tcp/tcp-proxy.ts';
import type { NetworkFilterFactory } from '../api.ts';
import { networkFilters } from '../registry.ts';

export const tcpProxyFactory: NetworkFilterFactory = {
  name: FILTER.tcpProxy,
  typeUrls: [TYPE_URL.tcpProxy],
  terminal: true,
  create(typedConfig, ctx) {
    return new TcpProxyFilter(new TcpProxyConfig((typedConfig ?? {}) as unknown as TcpProxy, ctx, ctx.services));
  },
};

networkFilters.register(tcpProxyFactory);
