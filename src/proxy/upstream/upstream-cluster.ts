/**
 * A live cluster: its hosts (resolved by DNS for STRICT_DNS/LOGICAL_DNS clusters, refreshed
 * periodically), its balancer (load balancer over the priority set, circuit breakers, outlier
 * detector; cluster-balancer.ts), per-host connection pools by protocol, and the cluster's stats.
 * Hosts that stay across an update keep their pools and their outlier state.
 */
import { MATH_RANDOM, type RandomSource } from '../common/random.ts';
import { SYSTEM_TIME, type TimeSource } from '../common/time-source.ts';
import type { ResourceManager } from './circuit-breaker.ts';
import { ClusterBalancer } from './cluster-balancer.ts';
import type { ClusterSpec } from './cluster-spec.ts';
import { tlsForHost } from './cluster-spec.ts';
import type { ClusterStats } from './cluster-stats.ts';
import { resolveAddresses } from './dns.ts';
import { Host, type HostSpec } from './host.ts';
import { Http1Pool, type PoolSettings } from './http1-pool.ts';
import { Http2Pool } from './http2-pool.ts';
import type { LbContext } from './lb/lb-host.ts';
import type { OutlierDetector } from './outlier/detector.ts';
import type { ConnectionPool } from './upstream-stream.ts';

/** Randomness and time for balancing and outlier detection (injectable for tests). */
export interface ClusterEnv {
  readonly random: RandomSource;
  readonly time: TimeSource;
}

export const DEFAULT_CLUSTER_ENV: ClusterEnv = { random: MATH_RANDOM, time: SYSTEM_TIME };

const ORIGINAL_DST_CLEANUP_MS = 5000;

export class UpstreamCluster {
  hosts: Host[] = [];
  readonly balancer: ClusterBalancer<Host>;
  private readonly originalDst = new Map<string, Host>();
  private readonly originalDstUsed = new Map<Host, number>();
  private dnsTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Opaque per-cluster data owned by the metrics layer (pre-resolved labels). */
  metricsKey: unknown;

  constructor(
    public spec: ClusterSpec,
    readonly stats: ClusterStats,
    readonly env: ClusterEnv = DEFAULT_CLUSTER_ENV,
  ) {
    this.balancer = new ClusterBalancer<Host>({
      lb: spec.lbConfig,
      thresholds: spec.circuitBreakers,
      outlier: spec.outlier,
      placementOf: (host) => ({ host, priority: host.spec.priority, locality: host.spec.locality, localityWeight: host.spec.localityWeight }),
      edsHealthy: (host) => host.spec.healthy,
      factory: (config, sets, random) => spec.lb.create(config, sets, random),
      random: env.random,
      time: env.time,
      onHealthChange: () => this.updateMembershipStats(),
    });
    stats.sources = this.balancer;
  }

  get resources(): ResourceManager {
    return this.balancer.resources;
  }

  get outlier(): OutlierDetector<Host> | undefined {
    return this.balancer.outlier;
  }

  get name(): string {
    return this.spec.name;
  }

  /** Loads the hosts (resolving DNS first for DNS clusters). Resolves once the first set is known. */
  async start(): Promise<void> {
    this.balancer.start();
    if (this.spec.type === 'STRICT_DNS' || this.spec.type === 'LOGICAL_DNS') {
      await this.resolve();
      this.dnsTimer = setInterval(() => void this.resolve(), Math.max(1000, this.spec.dnsRefreshMs));
      this.dnsTimer.unref();
    } else {
      this.setHosts(this.spec.endpoints);
    }
  }

  private async resolve(): Promise<void> {
    const out: HostSpec[] = [];
    const targets = this.spec.type === 'LOGICAL_DNS' ? this.spec.endpoints.slice(0, 1) : this.spec.endpoints;
    for (const t of targets) {
      try {
        const addrs = await resolveAddresses(t.address, this.spec.dnsFamily);
        const chosen = this.spec.type === 'LOGICAL_DNS' ? addrs.slice(0, 1) : addrs;
        for (const a of chosen) out.push({ ...t, address: a, hostname: t.hostname === t.address ? t.address : t.hostname });
      } catch {
        // Keep the previous resolution of this name on failure, as Envoy does.
        for (const h of this.hosts) if (h.spec.hostname === t.hostname && h.port === t.port) out.push(h.spec);
      }
    }
    if (!this.closed) this.setHosts(out);
  }

  /** Replaces the host set, reusing unchanged hosts (and their pools). */
  setHosts(specs: HostSpec[]): void {
    const old = new Map(this.hosts.map((h) => [JSON.stringify(h.spec), h]));
    const next: Host[] = [];
    for (const s of specs) {
      const k = JSON.stringify(s);
      const reused = old.get(k);
      if (reused) {
        old.delete(k);
        next.push(reused);
      } else {
        const h = new Host(s);
        h.tls = tlsForHost(this.spec, s.metadata);
        next.push(h);
      }
    }
    for (const gone of old.values()) gone.drain();
    this.hosts = next;
    this.balancer.setHosts(next);
    this.updateMembershipStats();
  }

  private updateMembershipStats(): void {
    this.stats.membership_total = this.hosts.length;
    this.stats.membership_healthy = this.balancer.healthyCount;
  }

  /** A new spec with the same configuration but other endpoints. */
  updateEndpoints(spec: ClusterSpec): void {
    this.spec = spec;
    if (spec.type === 'STRICT_DNS' || spec.type === 'LOGICAL_DNS') void this.resolve();
    else this.setHosts(spec.endpoints);
  }

  chooseHost(ctx: LbContext<Host> | undefined): Host | undefined {
    return this.balancer.chooseHost(ctx);
  }

  /** The pool of `host` for the protocol this cluster speaks to it. */
  pool(host: Host, downstreamHttp2: boolean): ConnectionPool {
    const p = this.spec.protocol;
    const h2 = p === 'http2' || (p === 'downstream' && downstreamHttp2);
    if (h2) return (host.http2Pool ??= new Http2Pool(host, this.poolSettings())) as ConnectionPool;
    return (host.http1Pool ??= new Http1Pool(host, this.poolSettings())) as ConnectionPool;
  }

  /** Settings for a new pool (made only when a host gets its first pool of a kind). */
  private poolSettings(): PoolSettings {
    return {
      connectTimeoutMs: this.spec.connectTimeoutMs,
      idleTimeoutMs: this.spec.idleTimeoutMs,
      maxRequestsPerConnection: this.spec.maxRequestsPerConnection,
      stats: this.stats,
      resources: this.balancer.resources,
      tcpKeepalive: this.spec.tcpKeepalive,
    };
  }

  sweep(now: number): void {
    for (const h of this.hosts) {
      (h.http1Pool as ConnectionPool | undefined)?.sweep(now);
    }
    for (const [key, h] of this.originalDst) {
      (h.http1Pool as ConnectionPool | undefined)?.sweep(now);
      if (h.rqActive === 0 && now - (this.originalDstUsed.get(h) ?? 0) >= ORIGINAL_DST_CLEANUP_MS) {
        this.originalDst.delete(key);
        this.originalDstUsed.delete(h);
        h.destroy();
      }
    }
  }

  /**
   * ORIGINAL_DST (Istio's PASSTHROUGH): the host for a destination address, created on first use
   * and removed after it has been idle for the cleanup interval (5 s), as Envoy's OriginalDstCluster.
   */
  originalDestination(address: string, port: number): Host {
    const key = `${address}:${port}`;
    let h = this.originalDst.get(key);
    if (!h) {
      h = new Host({ address, port, hostname: address, weight: 1, priority: 0, locality: '', localityWeight: 0, healthy: true, metadata: undefined });
      h.tls = tlsForHost(this.spec, undefined);
      this.originalDst.set(key, h);
    }
    this.originalDstUsed.set(h, Date.now());
    return h;
  }

  /** Stops DNS refresh and closes pools as their streams finish. */
  drain(): void {
    this.closed = true;
    this.balancer.stop();
    if (this.dnsTimer) clearInterval(this.dnsTimer);
    for (const h of this.hosts) h.drain();
    for (const h of this.originalDst.values()) h.drain();
  }

  destroy(): void {
    this.drain();
    for (const h of this.hosts) h.destroy();
    for (const h of this.originalDst.values()) h.destroy();
  }
}
