/**
 * One host's outlier state (Envoy's DetectorHostMonitorImpl): the consecutive 5xx, gateway failure
 * and local-origin failure counters, whether it is ejected, since when, how many times, and the
 * ejection-time multiplier (grows with each ejection, shrinks by one per healthy sweep).
 */

export type EjectionType = 'consecutive_5xx' | 'consecutive_gateway_failure' | 'consecutive_local_origin_failure';

export class HostMonitor {
  consecutive5xx = 0;
  consecutiveGatewayFailure = 0;
  consecutiveLocalOriginFailure = 0;
  ejected = false;
  /** Times ejected in all (for `/clusters` and tests). */
  numEjections = 0;
  /** The multiplier of baseEjectionTime for the current/next ejection. */
  ejectTimeBackoff = 0;
  lastEjectionMs = 0;
  lastUnejectionMs: number | undefined;
}
