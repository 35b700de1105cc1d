/**
 * One upstream endpoint of a cluster: its address, weight, health and metadata, the TLS it is
 * reached with (per-endpoint transport socket matches), its connection pools and counters, and
 * the Istio metric labels describing the workload behind it (pre-resolved once).
 */
import type { Metadata } from '../../envoy/types.ts';
import { formatAddress } from '../common/ip.ts';
import type { UpstreamTls } from '../tls/upstream-tls.ts';

export interface HostSpec {
  address: string;
  port: number;
  hostname: string;
  weight: number;
  priority: number;
  /** The endpoint's locality (`region/zone/subZone`), '' when unset. */
  locality: string;
  /** Its LocalityLbEndpoints' `loadBalancingWeight` (0 when unset). */
  localityWeight: number;
  healthy: boolean;
  metadata: Metadata | undefined;
}

/** A connection pool for one host and one protocol. */
export interface HostPool {
  drain(): void;
  destroy(): void;
  readonly busy: boolean;
}

export class Host {
  readonly addressText: string;
  readonly key: string;
  tls: UpstreamTls | undefined;
  http1Pool: HostPool | undefined;
  http2Pool: HostPool | undefined;
  rqActive = 0;
  cxActive = 0;
  rqTotal = 0;
  /** Istio metric destination for this host, resolved on first use. */
  metricsDest: unknown = undefined;
  /** Destination labels for Istio metrics, set by the cluster (`destination_workload="..."` etc.). */
  workload: { name: string; namespace: string; canonicalService: string; canonicalRevision: string; cluster: string } | undefined;

  constructor(readonly spec: HostSpec) {
    this.addressText = formatAddress(spec.address, spec.port);
    this.key = `${this.addressText}|${spec.hostname}`;
    this.workload = parseIstioWorkload(spec.metadata);
  }

  get address(): string {
    return this.spec.address;
  }
  get port(): number {
    return this.spec.port;
  }
  get weight(): number {
    return this.spec.weight;
  }

  /** Closes pools gracefully (idle connections now, busy ones after their stream). */
  drain(): void {
    this.http1Pool?.drain();
    this.http2Pool?.drain();
  }

  destroy(): void {
    this.http1Pool?.destroy();
    this.http2Pool?.destroy();
  }
}

/** Istio puts `istio: {workload: "name;namespace;canonical-service;revision;cluster"}` on endpoints. */
function parseIstioWorkload(md: Metadata | undefined): Host['workload'] {
  const w = md?.filterMetadata?.istio?.workload;
  if (typeof w !== 'string') return undefined;
  const [name = '', namespace = '', canonicalService = '', canonicalRevision = '', cluster = ''] = w.split(';');
  return { name, namespace, canonicalService, canonicalRevision, cluster };
}
