/** `envoy.filters.http.router`: the terminal HTTP filter; hands the stream to the proxy's router. */
import { FILTER, TYPE_URL } from '../../envoy/type-urls.ts';
import type { HttpFilter, HttpFilterFactory } from '../api.ts';
import { httpFilters } from '../registry.ts';

const router: HttpFilter = {
  decodeHeaders(stream) {
    stream.forwardUpstream();
    return 'stop';
  },
};

export const routerFactory: HttpFilterFactory = {
  name: FILTER.router,
  typeUrls: [TYPE_URL.router],
  terminal: true,
  create: () => router,
};

httpFilters.register(routerFactory);
