/**
 * An incremental ADS stream (DeltaAggregatedResources). Per type the server tracks the version of
 * every resource the proxy holds (seeded from initial_resource_versions on reconnect) and sends only
 * resources whose version differs, plus removed_resources for ones that went away or were
 * unsubscribed. `*` subscribes to everything (LDS/CDS start as wildcard when the first request
 * names nothing). ACK/NACK by nonce as in state of the world.
 */
import { RESOURCE_KINDS } from '../envoy/resource-kinds.ts';
import { xdsWire, type DeltaDiscoveryRequest, type DeltaDiscoveryResponse } from '../envoy/xds-wire.ts';
import { namesChanged, XdsConnection, type PushContext, type WatchState } from './connection.ts';
import type { DeltaDiff, Selection, ShapeConfig } from './shape-config.ts';

export class DeltaConnection extends XdsConnection<DeltaDiscoveryResponse> {
  readonly protocol = 'delta' as const;

  handleRequest(req: DeltaDiscoveryRequest): void {
    const w = this.watchFor(req.typeUrl);
    if (!w) return;
    const kind = w.kind;
    w.sentVersions ??= new Map();
    if (!req.responseNonce) {
      const subscribe = req.resourceNamesSubscribe;
      w.names = subscribe.includes('*') || (kind.wildcard && subscribe.length === 0) ? null : new Set(subscribe);
      w.sentVersions = new Map(Object.entries(req.initialResourceVersions));
      namesChanged(w);
      const shape = this.host.shapeFor(this);
      if (shape) this.send(w, shape, true);
      return;
    }
    if (req.responseNonce === w.nonceSent) {
      if (req.errorDetail) this.host.onNack(this, this.recordNack(w, req.responseNonce, w.versionAcked ?? '', req.errorDetail.code, req.errorDetail.message));
      else {
        w.nonceAcked = req.responseNonce;
        w.versionAcked = w.versionSent;
        w.ackedAt = Date.now();
      }
    }
    if (this.applySubscriptionChanges(w, req)) {
      const shape = this.host.shapeFor(this);
      if (shape) this.send(w, shape, false);
    }
  }

  /** Applies subscribe/unsubscribe; true when something new was subscribed (needs an answer). */
  private applySubscriptionChanges(w: WatchState, req: DeltaDiscoveryRequest): boolean {
    if (req.resourceNamesUnsubscribe.length > 0 || req.resourceNamesSubscribe.length > 0) namesChanged(w);
    for (const n of req.resourceNamesUnsubscribe) {
      if (n === '*') w.names = new Set(w.sentVersions?.keys() ?? []);
      else {
        w.names?.delete(n);
        w.sentVersions?.delete(n);
      }
    }
    let added = false;
    for (const n of req.resourceNamesSubscribe) {
      if (n === '*') {
        added ||= w.names !== null;
        w.names = null;
      } else if (w.names !== null && !w.names.has(n)) {
        w.names.add(n);
        added = true;
      }
    }
    return added;
  }

  push(shape: ShapeConfig, ctx: PushContext): number {
    let sent = 0;
    for (const kind of RESOURCE_KINDS) {
      const w = this.watches.get(kind.typeUrl);
      if (w && this.send(w, shape, ctx.force ?? false)) sent++;
    }
    return sent;
  }

  private send(w: WatchState, shape: ShapeConfig, force: boolean): boolean {
    const held = (w.sentVersions ??= new Map());
    const from = w.sentFrom;
    const sel = this.selectionFor(w, shape, force);
    if (!sel) return false;
    const diff = this.diff(held, sel, from);
    if (!force && diff.changed.length === 0 && diff.removed.length === 0) {
      this.holds(w, shape);
      return false;
    }
    const nonce = this.newNonce();
    const response: DeltaDiscoveryResponse = {
      systemVersionInfo: sel.hash,
      resources: diff.changed.map((r) => ({ name: r.name, version: r.version, resource: r.packed })),
      typeUrl: w.kind.typeUrl,
      removedResources: diff.removed,
      nonce,
      controlPlane: { identifier: this.host.controlPlaneId },
    };
    response.body = diff.body ??= xdsWire.encodeDeltaResponseBody(response);
    for (const r of diff.changed) held.set(r.name, r.version);
    for (const n of diff.removed) held.delete(n);
    this.sendResponse(w, shape, sel, nonce, response, diff.bytes);
    return true;
  }

  /**
   * What the stream lacks of `sel` and holds beyond it. When the stream holds exactly the selection
   * of an earlier TypeSet (`from`, its hash, with the same names), the step is the same for every
   * stream in that position: computed and encoded once, kept on the selection.
   */
  private diff(held: Map<string, string>, sel: Selection, from: string | undefined): DeltaDiff {
    const memo = from === undefined ? undefined : (sel.deltas ??= new Map());
    const hit = memo?.get(from!);
    if (hit) return hit;
    const changed = sel.resources.filter((r) => held.get(r.name) !== r.version);
    const present = new Set(sel.resources.map((r) => r.name));
    const removed = [...held.keys()].filter((n) => !present.has(n));
    const d: DeltaDiff = { changed, removed, bytes: changed.reduce((n, r) => n + r.packed.value.length, 0) };
    if (memo && memo.size < 16) memo.set(from!, d);
    return d;
  }
}
