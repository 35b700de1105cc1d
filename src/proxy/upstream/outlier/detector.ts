/**
 * Outlier detection for one cluster (Envoy's DetectorImpl), passive health checking from real
 * traffic. The router reports each attempt's outcome: an HTTP status, or a local-origin result
 * (connect failure, timeout, reset; mapped to 503/504 unless `splitExternalLocalOriginErrors`
 * counts them separately). A host reaching `consecutive5xx`, `consecutiveGatewayFailure` or
 * `consecutiveLocalOriginFailure` is ejected at once — if the ejection keeps the ejected share at or
 * below `maxEjectionPercent` and the enforcing percentage allows — for `baseEjectionTime × n`
 * (n grows with each ejection, capped by `maxEjectionTime`). Every `interval` a sweep returns hosts
 * whose time is up and lets healthy hosts' multiplier decay. Time and randomness are injected.
 */
import { MATH_RANDOM, sampleFraction, type RandomSource } from '../../common/random.ts';
import { SYSTEM_TIME, type TimeSource } from '../../common/time-source.ts';
import { HostMonitor, type EjectionType } from './host-monitor.ts';
import type { OutlierConfig } from './outlier-config.ts';
import { OutlierStats } from './outlier-stats.ts';

/** Outcomes of an attempt that are not an upstream HTTP status (Envoy's Outlier::Result). */
export type LocalResult =
  | 'local_origin_connect_success'
  | 'local_origin_connect_success_final'
  | 'local_origin_connect_failed'
  | 'local_origin_timeout'
  | 'ext_origin_request_failed'
  | 'ext_origin_request_success';

const RESULT_CODE: Partial<Record<LocalResult, number>> = {
  local_origin_connect_success_final: 200,
  ext_origin_request_success: 200,
  local_origin_timeout: 504,
  local_origin_connect_failed: 503,
  ext_origin_request_failed: 500,
};

const isGatewayError = (code: number): boolean => code === 502 || code === 503 || code === 504;

export class OutlierDetector<H> {
  readonly stats = new OutlierStats();
  private readonly monitors = new Map<H, HostMonitor>();

  constructor(
    readonly config: OutlierConfig,
    private readonly onHealthChange: (host: H, ejected: boolean) => void,
    private readonly time: TimeSource = SYSTEM_TIME,
    private readonly random: RandomSource = MATH_RANDOM,
  ) {}

  /** Tracks exactly `hosts`: new ones get a monitor, removed ones drop theirs (and their ejection). */
  setHosts(hosts: readonly H[]): void {
    const keep = new Set(hosts);
    for (const [h, m] of this.monitors) {
      if (keep.has(h)) continue;
      if (m.ejected) this.stats.ejections_active--;
      this.monitors.delete(h);
    }
    for (const h of hosts) if (!this.monitors.has(h)) this.monitors.set(h, new HostMonitor());
  }

  monitor(host: H): HostMonitor | undefined {
    return this.monitors.get(host);
  }

  isEjected(host: H): boolean {
    return this.monitors.get(host)?.ejected === true;
  }

  /** An upstream response status (Envoy's putHttpResponseCode). */
  putHttpResponseCode(host: H, code: number): void {
    const m = this.monitors.get(host);
    if (!m) return;
    if (code >= 500 && code <= 599) {
      if (isGatewayError(code)) {
        if (++m.consecutiveGatewayFailure === this.config.consecutiveGatewayFailure) this.onConsecutive(host, m, 'consecutive_gateway_failure');
      } else {
        m.consecutiveGatewayFailure = 0;
      }
      if (++m.consecutive5xx === this.config.consecutive5xx) this.onConsecutive(host, m, 'consecutive_5xx');
    } else {
      m.consecutive5xx = 0;
      m.consecutiveGatewayFailure = 0;
    }
  }

  /** A local-origin (or non-HTTP) outcome; `code` overrides the mapped status when not split. */
  putResult(host: H, result: LocalResult, code?: number): void {
    if (!this.config.splitExternalLocalOriginErrors) {
      const mapped = code ?? RESULT_CODE[result];
      if (mapped !== undefined) this.putHttpResponseCode(host, mapped);
      return;
    }
    const m = this.monitors.get(host);
    if (!m) return;
    switch (result) {
      case 'local_origin_connect_success':
      case 'local_origin_connect_success_final':
        m.consecutiveLocalOriginFailure = 0;
        return;
      case 'local_origin_timeout':
      case 'local_origin_connect_failed':
        if (++m.consecutiveLocalOriginFailure === this.config.consecutiveLocalOriginFailure) this.onConsecutive(host, m, 'consecutive_local_origin_failure');
        return;
      case 'ext_origin_request_failed':
        this.putHttpResponseCode(host, 503);
        return;
      case 'ext_origin_request_success':
        this.putHttpResponseCode(host, 200);
        m.consecutiveLocalOriginFailure = 0;
    }
  }

  private onConsecutive(host: H, m: HostMonitor, type: EjectionType): void {
    if (m.ejected) return;
    this.stats[`ejections_detected_${type}`]++;
    this.ejectHost(host, m, type);
    if (type === 'consecutive_5xx') {
      this.stats.ejections_consecutive_5xx++;
      m.consecutive5xx = 0;
    } else if (type === 'consecutive_gateway_failure') m.consecutiveGatewayFailure = 0;
    else m.consecutiveLocalOriginFailure = 0;
  }

  private enforcing(type: EjectionType): number {
    const c = this.config;
    if (type === 'consecutive_5xx') return c.enforcingConsecutive5xx;
    if (type === 'consecutive_gateway_failure') return c.enforcingConsecutiveGatewayFailure;
    return c.enforcingConsecutiveLocalOriginFailure;
  }

  private ejectHost(host: H, m: HostMonitor, type: EjectionType): void {
    const c = this.config;
    const active = this.stats.ejections_active;
    const ejectedPercent = (100 * (active + 1)) / this.monitors.size;
    if (!(ejectedPercent <= Math.min(100, c.maxEjectionPercent) || (c.alwaysEjectOneHost && active === 0))) {
      this.stats.ejections_overflow++;
      return;
    }
    if (type === 'consecutive_5xx') this.stats.ejections_total++;
    if (!sampleFraction(this.random, this.enforcing(type) / 100)) return;
    this.stats.ejections_active++;
    this.stats.ejections_enforced_total++;
    this.stats[`ejections_enforced_${type}`]++;
    m.ejected = true;
    m.numEjections++;
    m.lastEjectionMs = this.time.monotonicMs();
    if (m.ejectTimeBackoff * c.baseEjectionTimeMs < c.maxEjectionTimeMs + c.baseEjectionTimeMs) m.ejectTimeBackoff++;
    this.onHealthChange(host, true);
  }

  /** How long `host` stays ejected in all (base × multiplier, capped), or 0 when not ejected. */
  ejectionDurationMs(host: H): number {
    const m = this.monitors.get(host);
    if (!m?.ejected) return 0;
    return Math.min(this.config.baseEjectionTimeMs * m.ejectTimeBackoff, this.config.maxEjectionTimeMs);
  }

  /** The interval sweep: return hosts whose ejection time is up; decay healthy hosts' multiplier. */
  sweep(): void {
    const now = this.time.monotonicMs();
    for (const [host, m] of this.monitors) {
      if (!m.ejected) {
        if (m.ejectTimeBackoff > 0) m.ejectTimeBackoff--;
        continue;
      }
      if (this.ejectionDurationMs(host) <= now - m.lastEjectionMs) {
        this.stats.ejections_active--;
        m.ejected = false;
        m.consecutive5xx = 0;
        m.consecutiveGatewayFailure = 0;
        m.consecutiveLocalOriginFailure = 0;
        m.lastUnejectionMs = now;
        this.onHealthChange(host, false);
      }
    }
  }
}
