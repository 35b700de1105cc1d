/**
 * One connected proxy (one ADS stream), the part shared by state-of-the-world and delta streams:
 * identity, per-type watch state (subscribed names, nonce/version sent and acked, last NACK), the
 * configuration last sent (for /debug/config_dump) and the sync status istioctl prints.
 */
import { randomUUID } from 'node:crypto';
import { kindOfTypeUrl, type ResourceKind, type XdsShortName } from '../envoy/resource-kinds.ts';
import type { ConnectionHost } from './connection-host.ts';
import { metricType } from './metrics.ts';
import type { ProxyInfo } from './proxy-info.ts';
import { namesKeyOf, select, type Selection, type ShapeConfig } from './shape-config.ts';

export interface NackRecord {
  typeUrl: string;
  nonce: string;
  /** The version the proxy keeps (the one it last accepted). */
  keptVersion: string;
  rejectedVersion: string;
  message: string;
  code: number;
  at: number;
}

export interface WatchState {
  kind: ResourceKind;
  /** Subscribed names; null = wildcard (all resources of the type). */
  names: Set<string> | null;
  nonceSent?: string;
  versionSent?: string;
  /** Hash of the selection last sent (SotW) — a push is skipped when it would not change. */
  hashSent?: string;
  /**
   * TypeSet.hash of the configuration the proxy's current selection was taken from, while the
   * subscribed names have not changed since: a push whose type has the same hash is skipped
   * without selecting anything (the common case: a change touched another type).
   */
  sentFrom?: string;
  /** The subscribed names sorted and joined (select()'s memo key), computed once per names change. */
  namesKey?: string;
  /** Selection.serial of the last shared (pre-encoded) response this stream was sent for the type. */
  sharedSerial?: number;
  sentAt?: number;
  nonceAcked?: string;
  versionAcked?: string;
  ackedAt?: number;
  lastNack?: NackRecord;
  /** Delta only: name → version the proxy has (as far as the server knows). */
  sentVersions?: Map<string, string>;
  /** Names of the resources last sent (SotW) or currently held (delta), for the config dump. */
  resourceNames: readonly string[];
}

/** Must be called whenever `w.names` is replaced or mutated: it drops what was derived from them. */
export function namesChanged(w: WatchState): void {
  w.namesKey = undefined;
  w.sentFrom = undefined;
}

export type SyncStatus = 'SYNCED' | 'NOT SENT' | 'STALE' | 'STALE (Never Acknowledged)';

/** istioctl's rule: nothing sent → NOT SENT; acked nonce = sent nonce → SYNCED; else STALE. */
export function syncStatus(w: WatchState | undefined): SyncStatus {
  if (!w?.nonceSent) return 'NOT SENT';
  if (w.nonceAcked === w.nonceSent) return 'SYNCED';
  return w.nonceAcked ? 'STALE' : 'STALE (Never Acknowledged)';
}

let connectionCounter = 0;

export interface PushContext {
  /** When the change that led to this push was first seen (for pilot_proxy_convergence_time). */
  triggeredAt: number;
  /** Send even when the selection hash is unchanged (a request asked for it). */
  force?: boolean;
}

/** The gRPC stream a connection answers on (its response type differs between SotW and delta). */
export interface ResponseStream<Res> {
  write(response: Res): unknown;
  end(): void;
}

export abstract class XdsConnection<Res = unknown> {
  /** Istio's connection id: `pod.ns-N`. */
  readonly conId: string;
  readonly connectedAt = Date.now();
  readonly watches = new Map<string, WatchState>();
  readonly nacks: NackRecord[] = [];
  /** The shared configuration this proxy was last pushed (or is being pushed). */
  shape?: ShapeConfig;
  /** The proxy's shape key, computed once (the proxy's identity does not change on a stream). */
  shapeKey?: string;
  abstract readonly protocol: 'sotw' | 'delta';

  constructor(
    readonly proxy: ProxyInfo,
    protected readonly call: ResponseStream<Res>,
    protected readonly host: ConnectionHost,
  ) {
    this.conId = `${proxy.id}-${++connectionCounter}`;
  }

  /** The watch a request of `typeUrl` is about; undefined (logged) for a type the server does not serve. */
  protected watchFor(typeUrl: string): WatchState | undefined {
    const kind = kindOfTypeUrl(typeUrl);
    if (kind) return this.watch(kind);
    this.host.log('debug', `${this.conId}: ignoring ${this.protocol} request for unsupported type ${typeUrl}`);
    return undefined;
  }

  /** Records that `response` (carrying `sel` from `shape`, `bytes` of resources) goes to the proxy, and sends it. */
  protected sendResponse(w: WatchState, shape: ShapeConfig, sel: Selection, nonce: string, response: Res, bytes: number): void {
    this.shape = shape;
    w.nonceSent = nonce;
    w.versionSent = sel.hash;
    w.hashSent = sel.hash;
    w.sentAt = Date.now();
    w.resourceNames = sel.names ??= sel.resources.map((r) => r.name);
    this.holds(w, shape);
    this.call.write(response);
    const type = metricType(w.kind.short);
    this.host.metrics.pushes.inc({ type });
    this.host.metrics.configSize.observe({ type }, bytes);
  }

  protected newNonce(): string {
    return randomUUID();
  }

  watch(kind: ResourceKind): WatchState {
    let w = this.watches.get(kind.typeUrl);
    if (!w) this.watches.set(kind.typeUrl, (w = { kind, names: kind.wildcard ? null : new Set(), resourceNames: [] }));
    return w;
  }

  /** Records a NACK (the proxy keeps its previous version); returns the record for logging. */
  protected recordNack(w: WatchState, nonce: string, keptVersion: string, code: number, message: string): NackRecord {
    const rec: NackRecord = { typeUrl: w.kind.typeUrl, nonce, keptVersion, rejectedVersion: w.versionSent ?? '', message, code, at: Date.now() };
    w.lastNack = rec;
    this.nacks.push(rec);
    if (this.nacks.length > 20) this.nacks.shift();
    return rec;
  }

  /**
   * What `w` would be sent from `shape`, or undefined when that is known, without selecting, to be
   * what the proxy already holds: the type's content hash is the one its selection came from and
   * its names have not changed since. A forced send always selects.
   */
  protected selectionFor(w: WatchState, shape: ShapeConfig, force: boolean): Selection | undefined {
    const set = shape.types.get(w.kind.typeUrl);
    if (!force && set && w.sentFrom === set.hash) return undefined;
    if (w.names !== null) w.namesKey ??= namesKeyOf(w.names);
    return select(set, w.names, w.namesKey);
  }

  /** Records that the proxy now holds the selection of `w` from `shape` (sent, or found unchanged). */
  protected holds(w: WatchState, shape: ShapeConfig): void {
    w.sentFrom = shape.types.get(w.kind.typeUrl)?.hash;
  }

  status(short: XdsShortName): SyncStatus {
    for (const w of this.watches.values()) if (w.kind.short === short) return syncStatus(w);
    return 'NOT SENT';
  }

  /** Sends whatever changed for this proxy, in CDS → EDS → LDS → RDS → SDS order; returns the number of responses. */
  abstract push(shape: ShapeConfig, ctx: PushContext): number;
  /** Ends the stream (server shutdown). */
  close(): void {
    this.call.end();
  }
}
