/**
 * The extension registry: network filters, HTTP filters, access loggers and load-balancing
 * policies registered by name and by typed-config URL, each with its config decoder/factory.
 * The proxy core looks factories up here and never switches on extension names.
 */
import type { Any } from '../envoy/types.ts';
import type { AccessLoggerFactory, HttpFilterFactory, LoadBalancerFactory, NetworkFilterFactory } from './api.ts';

interface Named {
  readonly name: string;
  readonly typeUrls: readonly string[];
}

export class Registry<F extends Named> {
  private readonly byName = new Map<string, F>();
  private readonly byType = new Map<string, F>();

  constructor(readonly kind: string) {}

  register(factory: F): void {
    if (this.byName.has(factory.name)) throw new Error(`${this.kind} "${factory.name}" is already registered`);
    this.byName.set(factory.name, factory);
    for (const url of factory.typeUrls) this.byType.set(url, factory);
  }

  /** Envoy's lookup: the typed config's `@type` first, then the name. */
  find(name: string, typedConfig?: Any): F | undefined {
    const url = typedConfig?.['@type'];
    if (typeof url === 'string') {
      const byType = this.byType.get(url);
      if (byType) return byType;
    }
    return this.byName.get(name);
  }

  get(name: string): F | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return [...this.byName.keys()].sort();
  }
}

export const networkFilters = new Registry<NetworkFilterFactory>('network filter');
export const httpFilters = new Registry<HttpFilterFactory>('HTTP filter');
export const accessLoggers = new Registry<AccessLoggerFactory>('access logger');
export const loadBalancers = new Registry<LoadBalancerFactory>('load balancing policy');
