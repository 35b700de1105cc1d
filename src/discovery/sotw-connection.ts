/**
 * A state-of-the-world ADS stream (StreamAggregatedResources). Per type: a request without a nonce
 * (first, or after a reconnect) is answered at once; a request whose nonce is not the last one sent
 * is stale and ignored; an ACK records the acked version and, when it changes the subscribed names
 * (RDS/EDS/SDS; LDS/CDS are wildcard unless names are given), answers with the new selection; a
 * NACK (error_detail) is recorded and the proxy keeps its previous version. Pushes send only the
 * types whose selection hash changed.
 */
import { RESOURCE_KINDS, type ResourceKind } from '../envoy/resource-kinds.ts';
import type { PackedAny } from '../envoy/proto.ts';
import { xdsWire, type DiscoveryRequest, type DiscoveryResponse } from '../envoy/xds-wire.ts';
import { namesChanged, XdsConnection, type PushContext, type WatchState } from './connection.ts';
import type { Selection, ShapeConfig } from './shape-config.ts';

/** Wildcard (null) for LDS/CDS with no names or `*`; otherwise the set of names. */
export function requestedNames(kind: ResourceKind, names: string[]): Set<string> | null {
  if (names.includes('*')) return null;
  if (kind.wildcard && names.length === 0) return null;
  return new Set(names);
}

export function sameNames(a: Set<string> | null, b: Set<string> | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.size !== b.size) return false;
  for (const n of a) if (!b.has(n)) return false;
  return true;
}

export class SotwConnection extends XdsConnection<DiscoveryResponse> {
  readonly protocol = 'sotw' as const;

  handleRequest(req: DiscoveryRequest): void {
    const w = this.watchFor(req.typeUrl);
    if (!w) return;
    const kind = w.kind;
    const names = requestedNames(kind, req.resourceNames);
    if (req.errorDetail) {
      if (req.responseNonce && w.nonceSent && req.responseNonce !== w.nonceSent) return;
      this.host.onNack(this, this.recordNack(w, req.responseNonce, req.versionInfo, req.errorDetail.code, req.errorDetail.message));
      this.setNames(w, names);
      return;
    }
    if (!req.responseNonce) {
      this.setNames(w, names);
      const shape = this.host.shapeFor(this);
      if (shape) this.sendType(w, shape, true);
      return;
    }
    if (req.responseNonce !== w.nonceSent) {
      this.host.log('debug', `${this.conId}: stale ${kind.short} nonce ${req.responseNonce} (last sent ${w.nonceSent})`);
      return;
    }
    w.nonceAcked = req.responseNonce;
    w.versionAcked = req.versionInfo;
    w.ackedAt = Date.now();
    if (!sameNames(w.names, names)) {
      this.setNames(w, names);
      const shape = this.host.shapeFor(this);
      if (shape) this.sendType(w, shape, false);
    }
  }

  push(shape: ShapeConfig, ctx: PushContext): number {
    let sent = 0;
    for (const kind of RESOURCE_KINDS) {
      const w = this.watches.get(kind.typeUrl);
      if (w && this.sendType(w, shape, ctx.force ?? false)) sent++;
    }
    return sent;
  }

  private setNames(w: WatchState, names: Set<string> | null): void {
    if (sameNames(w.names, names)) return;
    w.names = names;
    namesChanged(w);
  }

  private sendType(w: WatchState, shape: ShapeConfig, force: boolean): boolean {
    const sel = this.selectionFor(w, shape, force);
    if (!sel) return false;
    if (!force && sel.hash === w.hashSent) {
      this.holds(w, shape);
      return false;
    }
    const response = this.responseFor(w, sel);
    this.sendResponse(w, shape, sel, response.nonce, response, sel.bytes);
    return true;
  }

  /**
   * The response carrying `sel`: the selection's shared, fully encoded response (one encoding per
   * push for thousands of proxies) when the selection is newer than any this stream took a shared
   * response from; otherwise (a resend of an older selection) the shared body with a fresh nonce.
   */
  private responseFor(w: WatchState, sel: Selection): DiscoveryResponse {
    const response: DiscoveryResponse = { versionInfo: sel.hash, resources: (sel.packed ??= sel.resources.map((r) => r.packed)) as PackedAny[], typeUrl: w.kind.typeUrl, nonce: '', controlPlane: { identifier: this.host.controlPlaneId } };
    response.body = sel.body ??= xdsWire.encodeResponseBody(response);
    if (sel.serial <= (w.sharedSerial ?? 0)) {
      response.nonce = this.newNonce();
      return response;
    }
    w.sharedSerial = sel.serial;
    response.nonce = sel.nonce ??= this.newNonce();
    response.encoded = sel.message ??= xdsWire.encodeResponse(response);
    return response;
  }
}
