/** `envoy.filters.network.http_connection_manager`: the HCM typed config → the HTTP connection manager filter. */
import type { HttpConnectionManager as HcmProto } from '../../envoy/types.ts';
import { FILTER, TYPE_URL } from '../../envoy/type-urls.ts';
import { HcmConfig } from '../../proxy/http/hcm-config.ts';
import { HttpConnectionManager } from '../../proxy/http/connection-manager.ts';
import type { NetworkFilterFactory } from '../api.ts';
import { networkFilters } from '../registry.ts';

export const httpConnectionManagerFactory: NetworkFilterFactory = {
  name: FILTER.httpConnectionManager,
  typeUrls: [TYPE_URL.httpConnectionManager],
  terminal: true,
  create(typedConfig, ctx) {
    return new HttpConnectionManager(new HcmConfig((typedConfig ?? {}) as unknown as HcmProto, ctx, ctx.services));
  },
};

networkFilters.register(httpConnectionManagerFactory);
