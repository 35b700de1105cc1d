/**
 * The context a route is compiled in: its virtual host's and route configuration's header
 * mutations (applied after the route's own, as Envoy does by default), the virtual host's retry
 * policy and per-filter configs, and the record of clusters the routes reference.
 */
import type { Any, CorsPolicy, HeaderValueOption, RetryPolicy } from '../../envoy/types.ts';
import { FILTER, TYPE_URL } from '../../envoy/type-urls.ts';
import { httpFilters } from '../../extensions/registry.ts';
import { ConfigError } from '../config/config-error.ts';
import { compileMutations, concatMutations, type HeaderMutations } from './header-mutation.ts';

const FILTER_CONFIG_URL = 'type.googleapis.com/envoy.config.route.v3.FilterConfig';

export interface ScopeOwner {
  /** Route configuration level mutations and limits. */
  readonly requestMutations: HeaderMutations;
  readonly responseMutations: HeaderMutations;
  readonly maxDirectResponseBodyBytes: number;
  readonly referencedClusters: Set<string>;
  warn(message: string): void;
}

export class RouteScope {
  readonly requestMutations: HeaderMutations;
  readonly responseMutations: HeaderMutations;
  readonly perFilter: Map<string, unknown>;

  constructor(
    private readonly owner: ScopeOwner,
    readonly where: string,
    vhost: {
      requestHeadersToAdd?: HeaderValueOption[];
      requestHeadersToRemove?: string[];
      responseHeadersToAdd?: HeaderValueOption[];
      responseHeadersToRemove?: string[];
      typedPerFilterConfig?: Record<string, Any>;
      cors?: CorsPolicy;
    },
    readonly retryPolicy: RetryPolicy | undefined,
  ) {
    this.requestMutations = concatMutations(compileMutations(vhost.requestHeadersToAdd, vhost.requestHeadersToRemove), owner.requestMutations);
    this.responseMutations = concatMutations(compileMutations(vhost.responseHeadersToAdd, vhost.responseHeadersToRemove), owner.responseMutations);
    this.perFilter = this.compilePerFilter(new Map(), vhost.typedPerFilterConfig, vhost.cors);
  }

  warn(message: string): void {
    this.owner.warn(`${this.where}: ${message}`);
  }

  get maxDirectResponseBodyBytes(): number {
    return this.owner.maxDirectResponseBodyBytes;
  }

  referenceCluster(name: string): void {
    this.owner.referencedClusters.add(name);
  }

  /** The per-filter configs of a route: its own over the virtual host's. */
  perFilterFor(tpfc: Record<string, Any> | undefined, legacyCors: CorsPolicy | undefined): Map<string, unknown> {
    if (!tpfc && !legacyCors) return this.perFilter;
    return this.compilePerFilter(new Map(this.perFilter), tpfc, legacyCors);
  }

  private compilePerFilter(into: Map<string, unknown>, tpfc: Record<string, Any> | undefined, legacyCors: CorsPolicy | undefined): Map<string, unknown> {
    if (legacyCors) {
      const f = httpFilters.get(FILTER.cors);
      if (f?.createRouteConfig) into.set(FILTER.cors, f.createRouteConfig({ '@type': TYPE_URL.corsPolicy, ...legacyCors }, this.where));
    }
    for (const [name, raw] of Object.entries(tpfc ?? {})) {
      let any = raw;
      let optional = false;
      if (any?.['@type'] === FILTER_CONFIG_URL) {
        optional = (any as { isOptional?: boolean }).isOptional === true;
        if ((any as { disabled?: boolean }).disabled === true) {
          into.set(name, DISABLED);
          continue;
        }
        any = (any as { config?: Any }).config as Any;
      }
      const f = httpFilters.find(name, any);
      if (!f?.createRouteConfig) {
        if (optional || !f) this.owner.warn(`${this.where}: typedPerFilterConfig "${name}" is not supported and is ignored`);
        else throw new ConfigError(`typedPerFilterConfig "${name}": filter ${f.name} has no per-route configuration`);
        continue;
      }
      into.set(f.name, f.createRouteConfig(any, `${this.where} typedPerFilterConfig "${name}"`));
    }
    return into;
  }
}

/** Marks a filter disabled for a route (FilterConfig.disabled). */
export const DISABLED = Symbol('disabled');
