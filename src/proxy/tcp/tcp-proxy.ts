/**
 * Envoy's tcp_proxy: each downstream connection (plain, TLS-terminated, or TLS passed through
 * untouched when the chain has no transport socket) is relayed byte for byte to a host of the
 * configured (or weighted) cluster, with connect attempts, an idle timeout, access logging and
 * Istio's TCP metrics. The session is the StreamInfo of its access log line.
 */
import type net from 'node:net';
import type { TcpProxy } from '../../envoy/types.ts';
import type { AccessLogger, FilterStatus, NetworkFilter } from '../../extensions/api.ts';
import { accessLoggers } from '../../extensions/registry.ts';
import { parseDuration } from '../../common/duration.ts';
import { FLAG, formatFlags } from '../access-log/response-flags.ts';
import type { StreamInfo } from '../access-log/stream-info.ts';
import { monotonicMs } from '../common/clock.ts';
import { ConfigError } from '../config/config-error.ts';
import type { FactoryContext } from '../config/factory-context.ts';
import type { DownstreamConnection } from '../listener/downstream-connection.ts';
import type { ProxyServices } from '../services.ts';
import { destinationOf } from '../stats/destinations.ts';
import type { Destination } from '../stats/istio-metrics.ts';
import { connectHost, transportFailureReason } from '../upstream/connect.ts';
import type { Host } from '../upstream/host.ts';
import type { UpstreamCluster } from '../upstream/upstream-cluster.ts';

export class TcpProxyConfig {
  readonly statPrefix: string;
  readonly clusters: { name: string; weight: number }[];
  readonly totalWeight: number;
  readonly idleTimeoutMs: number;
  readonly maxConnectAttempts: number;
  readonly accessLoggers: AccessLogger[] = [];

  constructor(c: TcpProxy, ctx: FactoryContext, readonly services: ProxyServices) {
    if (!c || typeof c.statPrefix !== 'string') throw new ConfigError('TcpProxy needs statPrefix');
    this.statPrefix = c.statPrefix;
    if (c.cluster !== undefined && c.weightedClusters !== undefined) throw new ConfigError('TcpProxy has both cluster and weightedClusters');
    if (c.cluster !== undefined) this.clusters = [{ name: c.cluster, weight: 1 }];
    else if (c.weightedClusters?.clusters?.length) this.clusters = c.weightedClusters.clusters.map((w) => ({ name: w.name, weight: w.weight ?? 0 }));
    else throw new ConfigError('TcpProxy needs cluster or weightedClusters');
    for (const cl of this.clusters) if (!ctx.build.clusterNames.has(cl.name)) ctx.warn(`TcpProxy cluster "${cl.name}" is not in the bundle`);
    this.totalWeight = this.clusters.reduce((s, x) => s + x.weight, 0);
    const idle = c.idleTimeout !== undefined ? parseDuration(c.idleTimeout) : 3_600_000;
    if (idle === undefined) throw new ConfigError(`idleTimeout "${c.idleTimeout}" is not a valid duration`);
    this.idleTimeoutMs = idle;
    this.maxConnectAttempts = Math.max(1, c.maxConnectAttempts ?? 1);
    for (const [i, al] of (c.accessLog ?? []).entries()) {
      const f = accessLoggers.find(al.name, al.typedConfig);
      if (!f) throw new ConfigError(`accessLog[${i}]: unknown access logger "${al.name}"`);
      this.accessLoggers.push(f.create(al.typedConfig, ctx));
    }
  }

  pickCluster(): string {
    if (this.clusters.length === 1) return this.clusters[0].name;
    let r = Math.random() * this.totalWeight;
    for (const c of this.clusters) {
      r -= c.weight;
      if (r < 0) return c.name;
    }
    return this.clusters[this.clusters.length - 1].name;
  }
}

class TcpSession implements StreamInfo {
  readonly startTime = Date.now();
  readonly startMono = monotonicMs();
  endMono = 0;
  readonly protocol = '';
  readonly responseCode = 0;
  responseCodeDetails = '';
  responseFlags = 0;
  bytesReceived = 0;
  bytesSent = 0;
  upstreamCluster = '';
  upstreamHost = '';
  upstreamLocalAddress = '';
  upstreamTransportFailureReason = '';
  readonly routeName = '';
  attemptCount = 0;
  connectionTerminationDetails = '';
  readonly upstreamServiceTimeMs = -1;
  private cluster: UpstreamCluster | undefined;
  private host: Host | undefined;
  private up: net.Socket | undefined;
  private closed = false;
  private upClosed = false;
  private downClosed = false;
  private dest: Destination | undefined;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly cfg: TcpProxyConfig, readonly downstream: DownstreamConnection) {}

  requestHeader(): string | undefined {
    return undefined;
  }
  responseHeader(): string | undefined {
    return undefined;
  }
  responseTrailer(): string | undefined {
    return undefined;
  }

  start(): void {
    const down = this.downstream.socket;
    down.pause();
    down.on('error', () => {});
    down.once('close', (hadError: boolean) => this.onDownstreamClose(hadError));
    this.upstreamCluster = this.cfg.pickCluster();
    this.cluster = this.cfg.services.clusters.get(this.upstreamCluster);
    this.downstream.drainHandler = () => {};
    this.connect(this.cfg.maxConnectAttempts);
  }

  private connect(attemptsLeft: number): void {
    const cluster = this.cluster;
    if (!cluster) {
      this.responseFlags |= FLAG.NC;
      this.downstream.socket.destroy();
      return;
    }
    const prev = this.host;
    const host = cluster.chooseHost(prev ? { hostSelectionRetryCount: 1, shouldSelectAnotherHost: (h) => h === prev } : undefined);
    if (!host) {
      this.responseFlags |= FLAG.UH;
      this.downstream.socket.destroy();
      return;
    }
    const connections = cluster.resources.connections;
    if (!connections.canCreate()) {
      cluster.stats.upstream_cx_overflow++;
      this.responseFlags |= FLAG.UO;
      this.downstream.socket.destroy();
      return;
    }
    this.host = host;
    this.upstreamHost = host.addressText;
    this.attemptCount++;
    if (!this.dest) {
      this.dest = destinationOf(this.cfg.services.metrics, cluster, host);
      this.cfg.services.metrics.tcpOpened(this.dest);
    }
    cluster.stats.upstream_cx_total++;
    const up = connectHost(host, cluster.spec.connectTimeoutMs, undefined, (err) => {
      if (this.closed || this.downClosed) {
        up.destroy();
        return;
      }
      if (err) {
        cluster.stats.upstream_cx_connect_fail++;
        cluster.outlier?.putResult(host, 'local_origin_connect_failed');
        this.upstreamTransportFailureReason = transportFailureReason(err);
        if (attemptsLeft > 1) return this.connect(attemptsLeft - 1);
        this.responseFlags |= FLAG.UF | (this.attemptCount > 1 ? FLAG.URX : 0);
        this.downstream.socket.destroy();
        return;
      }
      this.up = up;
      this.upstreamLocalAddress = `${up.localAddress}:${up.localPort}`;
      cluster.stats.upstream_cx_active++;
      connections.inc();
      up.once('close', () => connections.dec());
      cluster.outlier?.putResult(host, 'local_origin_connect_success_final');
      this.relay(up);
    });
    up.on('error', () => {});
  }

  private relay(up: net.Socket): void {
    const down = this.downstream.socket;
    const touch = (): void => {
      this.idleTimer?.refresh();
    };
    if (this.cfg.idleTimeoutMs > 0) this.idleTimer = setTimeout(() => this.abort(), this.cfg.idleTimeoutMs);
    down.on('data', (d: Buffer) => {
      this.bytesReceived += d.length;
      touch();
      if (!up.write(d)) down.pause();
    });
    up.on('data', (d: Buffer) => {
      this.bytesSent += d.length;
      touch();
      if (!down.write(d)) up.pause();
    });
    up.on('drain', () => down.resume());
    down.on('drain', () => up.resume());
    // Half-close is relayed: each side's FIN ends the other's writable side.
    down.on('end', () => up.end());
    up.on('end', () => down.end());
    up.once('close', (hadError: boolean) => {
      this.upClosed = true;
      if (hadError) down.destroy();
      else if (!down.writableEnded) down.end();
      this.maybeFinish();
    });
    down.resume();
  }

  private onDownstreamClose(hadError: boolean): void {
    this.downClosed = true;
    if (this.up && !this.up.destroyed) {
      if (hadError) this.up.destroy();
      else this.up.end();
    }
    if (!this.up) this.abort();
    this.maybeFinish();
  }

  private maybeFinish(): void {
    if (this.downClosed && (this.upClosed || !this.up)) this.close();
  }

  /** Ends both sides now (idle timeout, connect failure, no host). */
  private abort(): void {
    this.up?.destroy();
    this.downstream.socket.destroy();
    this.close();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.up) this.cluster!.stats.upstream_cx_active--;
    this.endMono = monotonicMs();
    for (const l of this.cfg.accessLoggers) l.log(this);
    const m = this.cfg.services.metrics;
    if (!this.dest) {
      this.dest = destinationOf(m, this.cluster, undefined);
      m.tcpOpened(this.dest);
    }
    m.tcpClosed(this.dest, formatFlags(this.responseFlags), this.bytesSent, this.bytesReceived);
  }
}

export class TcpProxyFilter implements NetworkFilter {
  constructor(private readonly cfg: TcpProxyConfig) {}
  onNewConnection(conn: DownstreamConnection): FilterStatus {
    new TcpSession(this.cfg, conn).start();
    return 'stop';
  }
}
