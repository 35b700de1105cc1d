/**
 * What to serve, apart from how: the discovery server asks a ConfigGenerator for one proxy's Envoy
 * resources and listens for its change events. The translation pipeline (model snapshot →
 * generate) implements it; tests and benchmarks use MemoryGenerator with hand-written bundles.
 */
import type { ProxyResources } from '../envoy/types.ts';
import type { ProxyInfo } from './proxy-info.ts';

export interface ConfigChange {
  /** Why (shown by /debug/push_status and counted in pilot_push_triggers): `config`, `endpoint`, `secret`, ... */
  reason?: string;
  /** What changed, e.g. `VirtualService/default/reviews`; informational. */
  configs?: string[];
}

export interface ConfigGenerator {
  /** Everything one proxy is sent. Must be pure for a given input snapshot; may throw. */
  generate(proxy: ProxyInfo): ProxyResources;
  /** Registers a change listener; the server debounces bursts. Returns the unsubscribe function. */
  subscribe(onChange: (change: ConfigChange) => void): () => void;
  /** Proxies with the same key get identical resources (default: defaultShapeKey). */
  shapeKey?(proxy: ProxyInfo): string;
  /**
   * True when generate() already returns proxyless gRPC resources for `GENERATOR: grpc` proxies;
   * otherwise the server derives them from the sidecar bundle (proxyless-grpc.ts), as istiod's grpc generator would.
   */
  servesProxylessGrpc?: boolean;
}

/** A generator over a function of the proxy; `update()` replaces the function and signals a change. */
export class MemoryGenerator implements ConfigGenerator {
  #fn: (proxy: ProxyInfo) => ProxyResources;
  readonly #listeners = new Set<(c: ConfigChange) => void>();
  /** How many times generate() ran (tests check that pushes are shared per shape). */
  generateCalls = 0;
  readonly servesProxylessGrpc: boolean;

  constructor(fn: ((proxy: ProxyInfo) => ProxyResources) | ProxyResources, opts: { servesProxylessGrpc?: boolean } = {}) {
    this.#fn = typeof fn === 'function' ? fn : () => fn;
    this.servesProxylessGrpc = opts.servesProxylessGrpc ?? false;
  }

  generate(proxy: ProxyInfo): ProxyResources {
    this.generateCalls++;
    return this.#fn(proxy);
  }

  subscribe(onChange: (change: ConfigChange) => void): () => void {
    this.#listeners.add(onChange);
    return () => this.#listeners.delete(onChange);
  }

  /** Replaces what is served and notifies the server. */
  update(fn: ((proxy: ProxyInfo) => ProxyResources) | ProxyResources, change: ConfigChange = { reason: 'config' }): void {
    this.#fn = typeof fn === 'function' ? fn : () => fn;
    for (const l of this.#listeners) l(change);
  }
}
