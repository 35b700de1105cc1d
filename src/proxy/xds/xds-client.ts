/**
 * The proxy's ADS client (state of the world over one gRPC stream). It subscribes to LDS and CDS
 * (wildcard) and to the RDS/EDS/SDS names the received listeners and clusters refer to, assembles
 * complete ProxyResources bundles, hands each to `validate` (the proxy's apply) and ACKs the
 * responses when it is accepted or NACKs them with its error (the proxy keeps the previous bundle).
 * When the server goes away it reconnects with exponential backoff and keeps the last bundle; on a
 * new stream it reports the versions it holds. Imports only src/envoy (the data-plane rule).
 */
import * as grpc from '@grpc/grpc-js';
import { EventEmitter } from 'node:events';
import { decodeResource, formatIssue, validateResource } from '../../envoy/proto.ts';
import { RESOURCE_KINDS } from '../../envoy/resource-kinds.ts';
import type { Node, ProxyResources } from '../../envoy/types.ts';
import { adsServiceDefinition, type DiscoveryRequest, type DiscoveryResponse } from '../../envoy/xds-wire.ts';
import { Backoff, type BackoffOptions } from './backoff.ts';
import { ResourceState, type TypeState } from './resource-state.ts';

/**
 * What `validate` may return: `{ok, error}`, or the proxy's own `Proxy.apply()` result
 * (`{accepted, errors}`, src/proxy/apply-result.ts) as is.
 */
export type ApplyResult = { ok: boolean; error?: string } | { accepted: boolean; errors?: string[] };

function verdict(r: ApplyResult): { ok: boolean; error?: string } {
  if ('ok' in r) return r;
  return { ok: r.accepted, error: r.errors?.length ? r.errors.join('; ') : undefined };
}

export type XdsLog = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

export interface XdsClientOptions {
  /** The discovery server, `HOST:PORT`. */
  address: string;
  /** Identity sent in the first request of each stream (`router~IP~pod.ns~ns.svc.cluster.local`, metadata LABELS, NAMESPACE, ...). */
  node: Node;
  /** Accepts (applies) a complete bundle or rejects it; a rejection NACKs the responses that produced it. */
  validate?: (resources: ProxyResources) => ApplyResult | Promise<ApplyResult>;
  backoff?: BackoffOptions;
  /** Apply a bundle that still misses referenced resources after this long (Envoy's initial_fetch_timeout; default 15 s). */
  completeTimeoutMs?: number;
  /** NACK resources that break Envoy's proto constraints, as Envoy does (default true). */
  strict?: boolean;
  log?: XdsLog;
}

export interface XdsUpdate {
  resources: ProxyResources;
  /** Accepted version per type: `{CDS, EDS, LDS, RDS, SDS}`. */
  versions: Record<string, string>;
}

export interface XdsNack {
  typeUrl: string;
  version: string;
  error: string;
}

interface XdsClientEvents {
  resources: [XdsUpdate];
  nack: [XdsNack];
  connected: [];
  disconnected: [Error | undefined];
}

const AdsClient = grpc.makeGenericClientConstructor(adsServiceDefinition(), 'AggregatedDiscoveryService');
type AdsStub = grpc.Client & { StreamAggregatedResources(): grpc.ClientDuplexStream<DiscoveryRequest, DiscoveryResponse> };

export class XdsClient extends EventEmitter<XdsClientEvents> {
  readonly #opts: XdsClientOptions;
  readonly #state = new ResourceState();
  readonly #backoff: Backoff;
  readonly #log: XdsLog;
  #client?: AdsStub;
  #stream?: grpc.ClientDuplexStream<DiscoveryRequest, DiscoveryResponse>;
  #nodeSent = false;
  #connected = false;
  #closed = false;
  #dirty = false;
  #resources?: ProxyResources;
  /** JSON of #resources: an identical bundle (e.g. resent after a reconnect) is ACKed without re-applying. */
  #resourcesJson = '';
  #reconnectTimer?: ReturnType<typeof setTimeout>;
  #completeTimer?: ReturnType<typeof setTimeout>;
  #queue: Promise<void> = Promise.resolve();
  /** Streams opened so far (1 + reconnects). */
  streams = 0;

  constructor(opts: XdsClientOptions) {
    super();
    if (!/^[^\s]+:\d+$/.test(opts.address)) throw new TypeError(`discovery address "${opts.address}" is not HOST:PORT`);
    if (!opts.node?.id) throw new TypeError('the xDS node needs an id');
    this.#opts = opts;
    this.#backoff = new Backoff(opts.backoff);
    this.#log = opts.log ?? (() => {});
  }

  /** The last accepted bundle (kept while disconnected); undefined before the first. */
  get resources(): ProxyResources | undefined {
    return this.#resources;
  }

  /** True once a first complete configuration has been accepted. */
  get ready(): boolean {
    return this.#resources !== undefined;
  }

  get connected(): boolean {
    return this.#connected;
  }

  get versions(): Record<string, string> {
    return this.#state.acceptedVersions();
  }

  start(): this {
    if (!this.#client && !this.#closed) this.#connect();
    return this;
  }

  /** Resolves with the first accepted bundle (at once if there is one). */
  whenReady(timeoutMs = 30_000): Promise<ProxyResources> {
    if (this.#resources) return Promise.resolve(this.#resources);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('resources', onRes);
        reject(new Error(`no complete xDS configuration from ${this.#opts.address} within ${timeoutMs} ms`));
      }, timeoutMs);
      const onRes = (u: XdsUpdate) => {
        clearTimeout(timer);
        resolve(u.resources);
      };
      this.once('resources', onRes);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#reconnectTimer);
    clearTimeout(this.#completeTimer);
    this.#stream?.cancel();
    this.#stream = undefined;
    this.#client?.close();
    await this.#queue;
  }

  #connect(): void {
    this.#client?.close();
    this.#client = new AdsClient(this.#opts.address, grpc.credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 }) as unknown as AdsStub;
    const stream = this.#client.StreamAggregatedResources();
    this.#stream = stream;
    this.#nodeSent = false;
    this.streams++;
    for (const t of this.#state.types.values()) {
      t.lastNonce = '';
      t.namesSent = undefined;
    }
    this.#state.revert(this.#state.pendingTypes());
    stream.on('data', (res: DiscoveryResponse) => this.#enqueue(() => this.#onResponse(stream, res)));
    stream.on('error', (e: Error) => this.#onStreamGone(stream, e));
    stream.on('end', () => this.#onStreamGone(stream, undefined));
    for (const kind of RESOURCE_KINDS) {
      const t = this.#state.get(kind.typeUrl);
      const names = this.#state.desiredNames(kind);
      if (names === null || names.length > 0) this.#send(t);
    }
  }

  #onStreamGone(stream: grpc.ClientDuplexStream<DiscoveryRequest, DiscoveryResponse>, err: Error | undefined): void {
    if (stream !== this.#stream) return;
    this.#stream = undefined;
    const wasConnected = this.#connected;
    this.#connected = false;
    if (wasConnected) this.emit('disconnected', err);
    if (this.#closed) return;
    const delay = this.#backoff.next();
    this.#log(wasConnected ? 'warn' : 'debug', `xDS stream to ${this.#opts.address} ended (${err?.message ?? 'closed by server'}); reconnecting in ${delay} ms, keeping the last configuration`);
    this.#reconnectTimer = setTimeout(() => this.#connect(), delay);
  }

  #enqueue(fn: () => Promise<void> | void): void {
    this.#queue = this.#queue.then(fn).catch((e: Error) => this.#log('error', `xDS client: ${e.stack ?? e}`));
  }

  #send(t: TypeState, errorDetail?: { code: number; message: string }): void {
    const names = this.#state.desiredNames(t.kind);
    const req: DiscoveryRequest = { versionInfo: t.candidateVersion, resourceNames: names ?? [], typeUrl: t.kind.typeUrl, responseNonce: t.lastNonce, errorDetail };
    if (!this.#nodeSent) {
      req.node = this.#opts.node;
      this.#nodeSent = true;
    }
    t.namesSent = names;
    this.#stream?.write(req);
  }

  #decode(t: TypeState, res: DiscoveryResponse): Map<string, unknown> | string {
    const out = new Map<string, unknown>();
    for (const any of res.resources) {
      if (any.typeUrl !== t.kind.typeUrl) return `resource of type ${any.typeUrl} in a ${t.kind.short} response`;
      let json: unknown;
      try {
        json = decodeResource(any.typeUrl, any.value);
      } catch (e) {
        return `cannot decode ${t.kind.short} resource: ${(e as Error).message}`;
      }
      const name = t.kind.nameOf(json);
      if (this.#opts.strict !== false) {
        const errors = validateResource(any.typeUrl, json).filter((i) => i.severity === 'error');
        if (errors.length > 0) return `${t.kind.short} ${name}: ${errors.slice(0, 3).map(formatIssue).join('; ')}`;
      }
      out.set(name, json);
    }
    return out;
  }

  async #onResponse(stream: grpc.ClientDuplexStream<DiscoveryRequest, DiscoveryResponse>, res: DiscoveryResponse): Promise<void> {
    if (stream !== this.#stream || this.#closed) return;
    if (!this.#connected) {
      this.#connected = true;
      this.emit('connected');
    }
    this.#backoff.reset();
    const t = this.#state.types.get(res.typeUrl);
    if (!t) return this.#log('debug', `ignoring xDS response of type ${res.typeUrl}`);
    const decoded = this.#decode(t, res);
    if (typeof decoded === 'string') {
      t.lastNonce = res.nonce;
      this.#nack([t], res.versionInfo, decoded);
      return;
    }
    this.#state.merge(t, decoded, res.versionInfo, res.nonce);
    this.#dirty = true;
    await this.#settle();
  }

  /** Sends subscription changes, then applies the bundle once it is complete. */
  async #settle(): Promise<void> {
    for (const kind of RESOURCE_KINDS) {
      const t = this.#state.get(kind.typeUrl);
      if (kind.wildcard || !this.#state.subscriptionChanged(t)) continue;
      if (t.namesSent === undefined && this.#state.desiredNames(kind)!.length === 0) continue;
      this.#send(t); // acknowledges t's pending response early: the new names cannot wait for the bundle
      t.pending = undefined;
    }
    const missing = this.#state.missing();
    if (missing.length === 0) return this.#apply();
    if (!this.#completeTimer) {
      this.#completeTimer = setTimeout(() => {
        this.#completeTimer = undefined;
        this.#log('warn', `xDS: still missing ${this.#state.missing().join(', ')} after ${this.#opts.completeTimeoutMs ?? 15_000} ms; applying what arrived`);
        this.#enqueue(() => this.#apply());
      }, this.#opts.completeTimeoutMs ?? 15_000);
    }
  }

  async #apply(): Promise<void> {
    clearTimeout(this.#completeTimer);
    this.#completeTimer = undefined;
    if (!this.#dirty || this.#closed) return;
    const pending = this.#state.pendingTypes();
    const bundle = this.#state.bundle();
    const json = JSON.stringify(bundle);
    if (this.#resources && json === this.#resourcesJson) {
      this.#state.commit();
      this.#dirty = false;
      for (const t of pending) this.#send(t);
      return;
    }
    let result: { ok: boolean; error?: string };
    try {
      result = this.#opts.validate ? verdict(await this.#opts.validate(bundle)) : { ok: true };
    } catch (e) {
      result = { ok: false, error: (e as Error).message };
    }
    if (!result.ok) {
      this.#nack(pending, '', result.error ?? 'configuration rejected');
      return;
    }
    this.#state.commit();
    this.#dirty = false;
    for (const t of pending) this.#send(t);
    this.#resources = bundle;
    this.#resourcesJson = json;
    this.emit('resources', { resources: bundle, versions: this.#state.acceptedVersions() });
  }

  #nack(types: TypeState[], version: string, error: string): void {
    const rejected = new Map(types.map((t) => [t, version || t.pending?.version || '']));
    this.#state.revert(types.filter((t) => t.pending));
    for (const t of types) {
      this.#send(t, { code: grpc.status.INVALID_ARGUMENT, message: error });
      this.emit('nack', { typeUrl: t.kind.typeUrl, version: rejected.get(t)!, error });
    }
    if (types.length === 0) this.#log('error', `xDS: configuration rejected after its responses were acknowledged: ${error}`);
    else this.#log('warn', `xDS: NACK ${types.map((t) => t.kind.short).join(',')}: ${error}`);
  }
}
