/**
 * The routes of one VirtualService, memoised and keyed by the listener inputs their translation
 * actually read (Istio keys its caches by dependencies the same way). The options handed to
 * buildRoutesForVirtualService record reads of `listenerPort`, `isTls` and `gatewayNames`; a later
 * request whose values agree on every recorded read gets the same (shared, read-only) Route[] — a
 * VirtualService bound to seven server ports is translated once, not seven times, unless a `port`
 * match, a redirect or a port-less destination makes the port matter.
 *
 * A memo is valid for one set of translation inputs besides the listener: the proxy (what of it
 * route translation reads) and the services, DestinationRules and mesh config behind the lookups.
 * A generation's own memo lives as long as the generation; the gateway route store (route-cache.ts)
 * keeps one per such input set, so translations survive across generations and snapshots. The
 * lookups are passed with each call, so a long-lived memo never holds an old snapshot.
 */
import type { Route } from '../../envoy/types.ts';
import type { VirtualServiceEntry } from '../../model/virtual-service-index.ts';
import { buildRoutesForVirtualService, type RouteOptions } from './http-route.ts';

/** The per-generation parts of RouteOptions (proxy, lookups, mesh defaults). */
export type RouteBase = Omit<RouteOptions, 'listenerPort' | 'isTls' | 'gatewayNames'>;

interface Translation {
  readonly listenerPort: number;
  readonly isTls: boolean;
  readonly gateway: string;
  readPort: boolean;
  readTls: boolean;
  readGateways: boolean;
  routes: Route[];
}

export class RouteMemo {
  /** Weak: a VirtualService's translations go when its (replaced) index entry does. */
  private readonly byVirtualService = new WeakMap<VirtualServiceEntry, Translation[]>();
  private readonly gatewaySets = new Map<string, ReadonlySet<string>>();

  /** `finish` post-processes a fresh translation once (gateways sort catch-all routes last). */
  constructor(private readonly finish: (routes: Route[]) => Route[] = (r) => r) {}

  /** Routes of `vs` for a listener of `gateway` (`mesh`, or the Gateway's `ns/name`), translated with `base` when new. */
  routes(vs: VirtualServiceEntry, listenerPort: number, isTls: boolean, gateway: string, base: RouteBase): Route[] {
    let list = this.byVirtualService.get(vs);
    if (list) {
      for (const t of list) {
        if ((!t.readPort || t.listenerPort === listenerPort) && (!t.readTls || t.isTls === isTls) && (!t.readGateways || t.gateway === gateway)) return t.routes;
      }
    } else this.byVirtualService.set(vs, (list = []));
    let gatewayNames = this.gatewaySets.get(gateway);
    if (!gatewayNames) this.gatewaySets.set(gateway, (gatewayNames = new Set([gateway])));
    const t: Translation = { listenerPort, isTls, gateway, readPort: false, readTls: false, readGateways: false, routes: [] };
    t.routes = this.finish(buildRoutesForVirtualService(vs, recordingOptions(base, t, gatewayNames)));
    list.push(t);
    return t.routes;
  }
}

/** A memo with the lookups of one generation. */
export interface BoundRouteMemo {
  routes(vs: VirtualServiceEntry, listenerPort: number, isTls: boolean, gateway: string): Route[];
}

export function bindRouteMemo(memo: RouteMemo, base: RouteBase): BoundRouteMemo {
  return { routes: (vs, listenerPort, isTls, gateway) => memo.routes(vs, listenerPort, isTls, gateway, base) };
}

function recordingOptions(base: RouteBase, t: Translation, gatewayNames: ReadonlySet<string>): RouteOptions {
  return new RecordingOptions(base, t, gatewayNames);
}

/** RouteOptions whose listener fields record that translation read them (getters on the prototype, cheap to create). */
class RecordingOptions implements RouteOptions {
  readonly proxy: RouteBase['proxy'];
  readonly lookupService: RouteBase['lookupService'];
  readonly lookupHash: RouteBase['lookupHash'];
  readonly meshRetryPolicy: RouteBase['meshRetryPolicy'];

  constructor(
    base: RouteBase,
    private readonly t: Translation,
    private readonly names: ReadonlySet<string>,
  ) {
    this.proxy = base.proxy;
    this.lookupService = base.lookupService;
    this.lookupHash = base.lookupHash;
    this.meshRetryPolicy = base.meshRetryPolicy;
  }

  get listenerPort(): number {
    this.t.readPort = true;
    return this.t.listenerPort;
  }

  get isTls(): boolean {
    this.t.readTls = true;
    return this.t.isTls;
  }

  get gatewayNames(): ReadonlySet<string> {
    this.t.readGateways = true;
    return this.names;
  }
}
