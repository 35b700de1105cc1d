/**
 * A live cluster: its hosts (resolved by DNS for STRICT_DNS/LOGICAL_DNS clusters, refreshed
 * periodically), the healthy set of the best priority, the load balancer built over it, per-host
 * connection pools by protocol, and the cluster's stats. Hosts that stay across an update keep
 * their pools.
 */
import type { LbContext, LoadBalancer } from '../../extensions/api.ts';
import type { ClusterSpec } from './cluster-spec.ts';
import { tlsForHost } from './cluster-spec.ts';
import type { ClusterStats } from './cluster-stats.ts';
import { resolveAddresses } from './dns.ts';
import { Host, type HostSpec } from './host.ts';
import { Http1Pool } from './http1-pool.ts';
import { Http2Pool } from './http2-pool.ts';
import type { ConnectionPool } from './upstream-stream.ts';

export class UpstreamCluster {
  hosts: Host[] = [];
  healthy: Host[] = [];
  private lb: LoadBalancer;
  private dnsTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Opaque per-cluster data owned by the metrics layer (pre-resolved labels). */
  metricsKey: unknown;

  constructor(public spec: ClusterSpec, readonly stats: ClusterStats) {
    this.lb = spec.lb.create([]);
  }

  get name(): string {
    return this.spec.name;
  }

  /** Loads the hosts (resolving DNS first for DNS clusters). Resolves once the first set is known. */
  async start(): Promise<void> {
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
    const usable = next.filter((h) => h.spec.healthy);
    const best = usable.length > 0 ? Math.min(...usable.map((h) => h.spec.priority)) : 0;
    this.healthy = usable.filter((h) => h.spec.priority === best);
    this.lb = this.spec.lb.create(this.healthy);
    this.stats.membership_total = next.length;
    this.stats.membership_healthy = usable.length;
  }

  /** A new spec with the same configuration but other endpoints. */
  updateEndpoints(spec: ClusterSpec): void {
    this.spec = spec;
    if (spec.type === 'STRICT_DNS' || spec.type === 'LOGICAL_DNS') void this.resolve();
    else this.setHosts(spec.endpoints);
  }

  chooseHost(ctx: LbContext | undefined): Host | undefined {
    return this.lb.chooseHost(ctx);
  }

  /** The pool of `host` for the protocol this cluster speaks to it. */
  pool(host: Host, downstreamHttp2: boolean): ConnectionPool {
    const p = this.spec.protocol;
    const h2 = p === 'http2' || (p === 'downstream' && downstreamHttp2);
    const settings = {
      connectTimeoutMs: this.spec.connectTimeoutMs,
      idleTimeoutMs: this.spec.idleTimeoutMs,
      maxRequestsPerConnection: this.spec.maxRequestsPerConnection,
      stats: this.stats,
    };
    if (h2) return (host.http2Pool ??= new Http2Pool(host, settings)) as ConnectionPool;
    return (host.http1Pool ??= new Http1Pool(host, settings)) as ConnectionPool;
  }

  sweep(now: number): void {
    for (const h of this.hosts) {
      (h.http1Pool as ConnectionPool | undefined)?.sweep(now);
    }
  }

  /** Stops DNS refresh and closes pools as their streams finish. */
  drain(): void {
    this.closed = true;
    if (this.dnsTimer) clearInterval(this.dnsTimer);
    for (const h of this.hosts) h.drain();
  }

  destroy(): void {
    this.drain();
    for (const h of this.hosts) h.destroy();
  }
}
