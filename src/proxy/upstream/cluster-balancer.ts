/**
 * The host-selection side of one live cluster: its load balancer over the current priority set,
 * its circuit breakers (ResourceManager) and its outlier detector. Hosts come in on every
 * membership update; an ejection or a return rebuilds the balancer (health changed), as Envoy
 * rebuilds its priority set; the detector's interval sweep runs on an unref'd timer. Time and
 * randomness are injected so tests can drive it.
 */
import type { CircuitBreakerThresholds } from '../../envoy/types.ts';
import { MATH_RANDOM, type RandomSource } from '../common/random.ts';
import { SYSTEM_TIME, type TimeSource } from '../common/time-source.ts';
import { ResourceManager } from './circuit-breaker.ts';
import { buildPrioritySet, type HostPlacement, type HostSet } from './lb/host-set.ts';
import type { LbConfig } from './lb/lb-config.ts';
import type { ClusterLoadBalancer, LbContext, LbHost } from './lb/lb-host.ts';
import { OutlierDetector } from './outlier/detector.ts';
import type { OutlierConfig } from './outlier/outlier-config.ts';

export type BalancerFactory<H> = (config: LbConfig, sets: readonly HostSet<H>[], random: RandomSource) => ClusterLoadBalancer<H>;

export interface BalancerOptions<H> {
  readonly lb: LbConfig;
  readonly thresholds: readonly CircuitBreakerThresholds[] | undefined;
  readonly outlier: OutlierConfig | undefined;
  /** Where a host sits: priority, locality and locality weight. */
  readonly placementOf: (host: H) => HostPlacement<H>;
  /** EDS health (UNHEALTHY, DRAINING, TIMEOUT are not healthy). */
  readonly edsHealthy: (host: H) => boolean;
  /** The registered policy's builder (extensions/load-balancers). */
  readonly factory: BalancerFactory<H>;
  readonly random?: RandomSource;
  readonly time?: TimeSource;
  /** Called after the balancer was rebuilt for a health change (metrics, logs). */
  readonly onHealthChange?: (host: H, ejected: boolean) => void;
}

export class ClusterBalancer<H extends LbHost> {
  readonly resources: ResourceManager;
  readonly outlier: OutlierDetector<H> | undefined;
  private lb: ClusterLoadBalancer<H>;
  private hosts: readonly H[] = [];
  private sweeper: NodeJS.Timeout | undefined;
  private readonly random: RandomSource;
  /** Hosts usable now (EDS healthy and not ejected). */
  healthyCount = 0;

  constructor(private readonly o: BalancerOptions<H>) {
    this.random = o.random ?? MATH_RANDOM;
    this.resources = new ResourceManager(o.thresholds);
    this.outlier = o.outlier ? new OutlierDetector<H>(o.outlier, (h, ejected) => this.onHealthChange(h, ejected), o.time ?? SYSTEM_TIME, this.random) : undefined;
    this.lb = this.build();
  }

  /** Replaces the host set (the detector keeps the state of hosts that stay). */
  setHosts(hosts: readonly H[]): void {
    this.hosts = hosts;
    this.outlier?.setHosts(hosts);
    this.lb = this.build();
  }

  chooseHost(ctx: LbContext<H> | undefined): H | undefined {
    return this.lb.chooseHost(ctx);
  }

  isHealthy(host: H): boolean {
    return this.o.edsHealthy(host) && !(this.outlier?.isEjected(host) ?? false);
  }

  /** Starts the outlier detector's interval sweeps (no-op without outlier detection). */
  start(): void {
    if (!this.outlier || this.sweeper) return;
    this.sweeper = setInterval(() => this.outlier!.sweep(), this.outlier.config.intervalMs);
    this.sweeper.unref();
  }

  stop(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  private onHealthChange(host: H, ejected: boolean): void {
    this.lb = this.build();
    this.o.onHealthChange?.(host, ejected);
  }

  private build(): ClusterLoadBalancer<H> {
    const healthy = (h: H): boolean => this.isHealthy(h);
    const sets = buildPrioritySet(this.hosts.map((h) => this.o.placementOf(h)), healthy);
    this.healthyCount = sets.reduce((n, s) => n + s.healthy.length, 0);
    return this.o.factory(this.o.lb, sets, this.random);
  }
}
