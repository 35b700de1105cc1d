/**
 * The ADS server core (Istio's DiscoveryServer): accepts AggregatedDiscoveryService streams, keeps
 * one XdsConnection per proxy, asks the ConfigGenerator for each distinct proxy shape once per push
 * version, debounces change bursts and pushes to every proxy whose visible configuration changed.
 * A configuration that fails to generate or encode is logged and not served: proxies keep the last
 * good one. Transport-free: start.ts binds it to gRPC and HTTP.
 */
import * as grpc from '@grpc/grpc-js';
import type { DeltaDiscoveryRequest, DeltaDiscoveryResponse, DiscoveryRequest, DiscoveryResponse } from '../envoy/xds-wire.ts';
import type { NackRecord, XdsConnection } from './connection.ts';
import type { ConnectionHost, DiscoveryLog } from './connection-host.ts';
import { Debouncer, type MergedChange } from './debounce.ts';
import { DeltaConnection } from './delta-connection.ts';
import type { ConfigChange, ConfigGenerator } from './generator.ts';
import { DiscoveryMetrics, metricType } from './metrics.ts';
import { defaultShapeKey, proxyInfoFromNode } from './proxy-info.ts';
import { proxylessGrpcResources } from './proxyless-grpc.ts';
import { PushRun } from './push-run.ts';
import { buildShapeConfig, EncodeCache, failedShapeConfig, type ShapeConfig } from './shape-config.ts';
import { SotwConnection } from './sotw-connection.ts';

export interface DiscoveryServerOptions {
  generator: ConfigGenerator;
  /** Quiet period merging change bursts (default 100 ms, Istio's PILOT_DEBOUNCE_AFTER). */
  debounceMs?: number;
  /** Longest a burst is held back (default 10 s, PILOT_DEBOUNCE_MAX). */
  debounceMaxMs?: number;
  /** A push yields to the event loop after this much time sending (default 8 ms; Infinity: one synchronous loop). */
  pushSliceMs?: number;
  /** `strict`: a bundle with dangling references is not served (go-control-plane); `warn` (default) serves it and reports. */
  consistency?: 'warn' | 'strict';
  log?: DiscoveryLog;
  controlPlaneId?: string;
}

export interface PushRecord {
  version: number;
  reasons: Record<string, number>;
  configs: string[];
  events: number;
  triggeredAt: number;
  startedAt: number;
  durationMs: number;
  proxies: number;
  proxiesPushed: number;
  responses: number;
  shapes: number;
  errors: string[];
  /** Set when a newer push started before this one reached every proxy (the newer one covers them). */
  superseded?: boolean;
}

const defaultLog: DiscoveryLog = (level, message) => {
  if (level === 'warn' || level === 'error') process.stderr.write(`discovery ${level}: ${message}\n`);
};

export class DiscoveryServer implements ConnectionHost {
  readonly metrics = new DiscoveryMetrics();
  readonly connections = new Map<string, XdsConnection>();
  readonly log: DiscoveryLog;
  readonly controlPlaneId: string;
  readonly pushes: PushRecord[] = [];
  readonly totalNacks = new Map<string, number>();
  pushVersion = 0;
  readonly #generator: ConfigGenerator;
  readonly #strict: boolean;
  readonly #debouncer: Debouncer;
  readonly #pushSliceMs: number;
  readonly #unsubscribe: () => void;
  #shapes = new Map<string, ShapeConfig>();
  readonly #encodeCache = new EncodeCache();
  readonly #lastGood = new Map<string, ShapeConfig>();
  #run: PushRun | undefined;

  constructor(opts: DiscoveryServerOptions) {
    this.#generator = opts.generator;
    this.#strict = opts.consistency === 'strict';
    this.log = opts.log ?? defaultLog;
    this.controlPlaneId = opts.controlPlaneId ?? `sextant-${process.pid}`;
    const debounceMs = opts.debounceMs ?? 100;
    this.#pushSliceMs = opts.pushSliceMs ?? 8;
    this.#debouncer = new Debouncer(debounceMs, Math.max(debounceMs, opts.debounceMaxMs ?? 10_000), (m) => this.pushAll(m));
    this.#unsubscribe = this.#generator.subscribe((c) => this.configChanged(c));
  }

  /** Shapes generated for the current push version. */
  get shapes(): ReadonlyMap<string, ShapeConfig> {
    return this.#shapes;
  }

  /** A change from the generator: counted, then debounced into one push. */
  configChanged(change: ConfigChange): void {
    this.metrics.triggers.inc({ type: change.reason ?? 'config' });
    this.#debouncer.add(change);
  }

  shapeKeyOf(conn: XdsConnection): string {
    return (conn.shapeKey ??= this.#generator.shapeKey ? this.#generator.shapeKey(conn.proxy) : defaultShapeKey(conn.proxy));
  }

  shapeFor(conn: XdsConnection): ShapeConfig | undefined {
    const key = this.shapeKeyOf(conn);
    let shape = this.#shapes.get(key);
    if (!shape) {
      shape = this.generateShape(key, conn);
      this.#shapes.set(key, shape);
    }
    if (!shape.error) {
      this.#lastGood.set(key, shape);
      return shape;
    }
    return this.#lastGood.get(key) ?? (conn.shape && !conn.shape.error ? conn.shape : undefined);
  }

  private generateShape(key: string, conn: XdsConnection): ShapeConfig {
    const t0 = performance.now();
    let shape: ShapeConfig;
    try {
      const generated = this.#generator.generate(conn.proxy);
      const resources = conn.proxy.generator === 'grpc' && !this.#generator.servesProxylessGrpc ? proxylessGrpcResources(generated) : generated;
      shape = buildShapeConfig(key, this.pushVersion, resources, performance.now() - t0, this.#strict, this.#encodeCache, this.#lastGood.get(key));
    } catch (e) {
      shape = failedShapeConfig(key, this.pushVersion, `generator failed: ${(e as Error).message}`);
    }
    if (shape.error) this.log('error', `configuration for ${conn.proxy.id} (push ${this.pushVersion}) is not served; proxies of this shape keep their last good configuration:\n${shape.error}`);
    for (const i of shape.consistency) if (i.severity === 'error') this.log('warn', `push ${this.pushVersion} for ${conn.proxy.id}: ${i.resource}: ${i.message}`);
    return shape;
  }

  onNack(conn: XdsConnection, nack: NackRecord): void {
    const short = [...conn.watches.values()].find((w) => w.kind.typeUrl === nack.typeUrl)?.kind.short ?? nack.typeUrl;
    this.metrics.rejects.inc({ type: metricType(short) });
    this.totalNacks.set(short, (this.totalNacks.get(short) ?? 0) + 1);
    this.log('warn', `ADS:${short}: ACK ERROR ${conn.conId} version ${nack.rejectedVersion} rejected (proxy keeps ${nack.keptVersion || 'nothing'}): ${nack.message}`);
  }

  /** Pushes now, without waiting for the debounce (tests, `sextant discovery` on SIGHUP). */
  flush(): void {
    this.#debouncer.flush();
  }

  /**
   * One push: new version, each distinct shape generated once (on first use), every proxy sent what
   * changed — in slices (push-run.ts), so the first proxies get their configuration while the last
   * ones are still being sent theirs. A push still in flight is superseded by this one.
   */
  pushAll(merged: MergedChange): void {
    const startedAt = Date.now();
    this.metrics.debounce.observe((startedAt - merged.firstAt) / 1000);
    this.pushVersion++;
    this.#shapes = new Map();
    this.#encodeCache.nextGeneration();
    this.#run?.cancel();
    const version = this.pushVersion;
    const shapes = this.#shapes;
    const step = (conn: XdsConnection) => {
      const shape = this.shapeFor(conn);
      const n = shape ? conn.push(shape, { triggeredAt: merged.firstAt }) : 0;
      if (n > 0) this.metrics.convergence.observe((Date.now() - merged.firstAt) / 1000);
      return n;
    };
    const run = new PushRun(this.connections.values(), (c) => this.connections.get(c.conId) === c, step, (r) => {
      if (this.#run === run) this.#run = undefined;
      const errors = [...shapes.values()].flatMap((s) => (s.error ? [s.error] : []));
      const rec: PushRecord = { version, reasons: merged.reasons, configs: merged.configs, events: merged.events, triggeredAt: merged.firstAt, startedAt, durationMs: Date.now() - startedAt, proxies: r.proxies, proxiesPushed: r.proxiesPushed, responses: r.responses, shapes: shapes.size, errors };
      if (r.superseded) rec.superseded = true;
      this.pushes.push(rec);
      if (this.pushes.length > 50) this.pushes.shift();
      this.log('info', `Push ${rec.version}: ${rec.proxiesPushed}/${rec.proxies} proxies, ${rec.responses} responses, ${rec.shapes} shape(s), ${rec.durationMs} ms${r.superseded ? ' (superseded by a newer push)' : ''}`);
    }, this.#pushSliceMs);
    this.#run = run;
    run.start();
  }

  /** The @grpc/grpc-js implementation of AggregatedDiscoveryService. */
  grpcImplementation(): grpc.UntypedServiceImplementation {
    return {
      StreamAggregatedResources: (call: grpc.ServerDuplexStream<DiscoveryRequest, DiscoveryResponse>) => this.serveStream(call, (p) => new SotwConnection(p, call, this)),
      DeltaAggregatedResources: (call: grpc.ServerDuplexStream<DeltaDiscoveryRequest, DeltaDiscoveryResponse>) => this.serveStream(call, (p) => new DeltaConnection(p, call, this)),
    };
  }

  private serveStream<Req extends DiscoveryRequest | DeltaDiscoveryRequest>(call: grpc.ServerDuplexStream<Req, unknown>, make: (p: Exclude<ReturnType<typeof proxyInfoFromNode>, Error>) => XdsConnection & { handleRequest(r: Req): void }): void {
    let conn: (XdsConnection & { handleRequest(r: Req): void }) | undefined;
    const drop = () => {
      if (conn && this.connections.get(conn.conId) === conn) {
        this.connections.delete(conn.conId);
        this.metrics.connected.set(this.connections.size);
        this.log('info', `ADS: ${conn.conId} disconnected`);
      }
    };
    call.on('data', (req: Req) => {
      if (!conn) {
        const proxy = proxyInfoFromNode(req.node);
        if (proxy instanceof Error) {
          this.log('warn', `ADS: rejecting stream from ${call.getPeer()}: ${proxy.message}`);
          call.emit('error', { code: grpc.status.INVALID_ARGUMENT, details: proxy.message });
          return;
        }
        conn = make(proxy);
        this.connections.set(conn.conId, conn);
        this.metrics.connected.set(this.connections.size);
        this.log('info', `ADS: new ${conn.protocol} connection ${conn.conId} (${proxy.type}, ${proxy.nodeId})`);
      }
      try {
        conn.handleRequest(req);
      } catch (e) {
        this.log('error', `ADS: ${conn.conId}: ${(e as Error).stack ?? e}`);
      }
    });
    call.on('end', () => {
      drop();
      call.end();
    });
    call.on('cancelled', drop);
    call.on('error', drop);
    call.on('close', drop);
  }

  /** Stops debouncing, detaches from the generator and ends every stream. */
  close(): void {
    this.#debouncer.cancel();
    this.#run?.cancel();
    this.#unsubscribe();
    for (const c of this.connections.values()) {
      try {
        c.close();
      } catch {
        // the stream is already gone
      }
    }
    this.connections.clear();
    this.metrics.connected.set(0);
  }
}
