/**
 * Istio's standard metrics as the stats plugin reports them: istio_requests_total,
 * istio_request_duration_milliseconds, istio_request_bytes, istio_response_bytes and the TCP
 * counters, with Istio's label set. The source labels (this proxy) and each destination's labels
 * are rendered once; a request costs two array lookups (or, with gRPC or response flags, one key
 * concatenation and one Map lookup) and a few additions.
 */
import { Histogram, labelValue } from './histogram.ts';

/** Who this proxy is, for the `source_*` labels (a gateway reports as `source`). */
export interface ProxyIdentity {
  workload?: string;
  namespace?: string;
  app?: string;
  version?: string;
  canonicalService?: string;
  canonicalRevision?: string;
  cluster?: string;
  principal?: string;
  reporter?: 'source' | 'destination';
}

export interface DestinationInfo {
  service?: string;
  serviceName?: string;
  serviceNamespace?: string;
  workload?: string;
  workloadNamespace?: string;
  canonicalService?: string;
  canonicalRevision?: string;
  cluster?: string;
}

/** A destination whose labels are rendered; `id` keys the series maps. */
export interface Destination {
  readonly id: number;
  readonly labels: string;
}

class RequestSeries {
  count = 0;
  readonly duration = new Histogram();
  readonly requestBytes = new Histogram();
  readonly responseBytes = new Histogram();
  constructor(readonly labels: string) {}
}

class TcpSeries {
  opened = 0;
  closed = 0;
  sent = 0;
  received = 0;
  constructor(readonly labels: string) {}
}

const U = 'unknown';

function l(name: string, v: string | undefined): string {
  return `${name}="${labelValue(v || U)}"`;
}

/** Istio's service labels from an FQDN like `httpbin.default.svc.cluster.local`. */
export function destinationFromHost(fqdn: string): DestinationInfo {
  const parts = fqdn.split('.');
  const isK8s = parts.length >= 3 && parts[2] === 'svc';
  return { service: fqdn, serviceName: isK8s ? parts[0] : fqdn, serviceNamespace: isK8s ? parts[1] : undefined };
}

/** `outbound|80|v2|httpbin.default.svc.cluster.local` → the service FQDN. */
export function serviceOfCluster(clusterName: string): string | undefined {
  const parts = clusterName.split('|');
  return parts.length === 4 && (parts[0] === 'outbound' || parts[0] === 'inbound') ? parts[3] : undefined;
}

export class IstioMetrics {
  private readonly source: string;
  private readonly requests = new Map<string, RequestSeries>();
  /** The common case (HTTP, no response flags) by destination id, then status code: no key string. */
  private readonly plain: (RequestSeries | undefined)[][] = [];
  private readonly tcp = new Map<string, TcpSeries>();
  private readonly destinations = new Map<string, Destination>();
  readonly unknownDestination: Destination;

  constructor(identity: ProxyIdentity = {}) {
    const i = identity;
    this.source = [
      l('reporter', i.reporter ?? 'source'),
      l('source_workload', i.workload),
      l('source_canonical_service', i.canonicalService ?? i.app),
      l('source_canonical_revision', i.canonicalRevision ?? i.version ?? 'latest'),
      l('source_workload_namespace', i.namespace),
      l('source_principal', i.principal),
      l('source_app', i.app),
      l('source_version', i.version),
      l('source_cluster', i.cluster),
    ].join(',');
    this.unknownDestination = this.destination({});
  }

  /** The (cached) destination for these labels. */
  destination(d: DestinationInfo): Destination {
    const labels = [
      l('destination_workload', d.workload),
      l('destination_workload_namespace', d.workloadNamespace),
      l('destination_principal', undefined),
      l('destination_app', d.canonicalService),
      l('destination_version', d.canonicalRevision),
      l('destination_service', d.service),
      l('destination_canonical_service', d.canonicalService),
      l('destination_canonical_revision', d.canonicalRevision ?? (d.canonicalService ? 'latest' : undefined)),
      l('destination_service_name', d.serviceName),
      l('destination_service_namespace', d.serviceNamespace),
      l('destination_cluster', d.cluster),
    ].join(',');
    let dest = this.destinations.get(labels);
    if (!dest) {
      dest = { id: this.destinations.size, labels };
      this.destinations.set(labels, dest);
    }
    return dest;
  }

  recordRequest(dest: Destination, grpc: boolean, code: number, flags: string, grpcStatus: string, durationMs: number, requestBytes: number, responseBytes: number): void {
    const plain = !grpc && flags === '-' && code >= 0 && code < 1000;
    let s = plain ? this.plain[dest.id]?.[code] : undefined;
    if (!s) {
      s = this.series(dest, grpc, code, flags, grpcStatus);
      if (plain) (this.plain[dest.id] ??= [])[code] = s;
    }
    s.count++;
    s.duration.record(durationMs);
    s.requestBytes.record(requestBytes);
    s.responseBytes.record(responseBytes);
  }

  private series(dest: Destination, grpc: boolean, code: number, flags: string, grpcStatus: string): RequestSeries {
    const key = `${dest.id}|${grpc ? 1 : 0}|${code}|${flags}|${grpcStatus}`;
    let s = this.requests.get(key);
    if (!s) {
      s = new RequestSeries(
        `${this.source},${dest.labels},${l('request_protocol', grpc ? 'grpc' : 'http')},${l('response_code', String(code))},${l('grpc_response_status', grpcStatus || undefined)},${l('response_flags', flags)},${l('connection_security_policy', U)}`,
      );
      this.requests.set(key, s);
    }
    return s;
  }

  private tcpSeries(dest: Destination, flags: string): TcpSeries {
    const key = `${dest.id}|${flags}`;
    let s = this.tcp.get(key);
    if (!s) {
      s = new TcpSeries(`${this.source},${dest.labels},${l('request_protocol', 'tcp')},${l('response_flags', flags)},${l('connection_security_policy', U)}`);
      this.tcp.set(key, s);
    }
    return s;
  }

  tcpOpened(dest: Destination): void {
    this.tcpSeries(dest, '-').opened++;
  }

  tcpClosed(dest: Destination, flags: string, sent: number, received: number): void {
    const s = this.tcpSeries(dest, flags);
    s.closed++;
    s.sent += sent;
    s.received += received;
  }

  /** Prometheus exposition text of every istio_* series. */
  render(out: string[]): void {
    const reqs = [...this.requests.values()];
    if (reqs.length > 0) {
      out.push('# TYPE istio_requests_total counter');
      for (const s of reqs) out.push(`istio_requests_total{${s.labels}} ${s.count}`);
      out.push('# TYPE istio_request_duration_milliseconds histogram');
      for (const s of reqs) s.duration.render('istio_request_duration_milliseconds', s.labels, out);
      out.push('# TYPE istio_request_bytes histogram');
      for (const s of reqs) s.requestBytes.render('istio_request_bytes', s.labels, out);
      out.push('# TYPE istio_response_bytes histogram');
      for (const s of reqs) s.responseBytes.render('istio_response_bytes', s.labels, out);
    }
    const tcp = [...this.tcp.values()];
    if (tcp.length > 0) {
      const counters: [string, (s: TcpSeries) => number][] = [
        ['istio_tcp_connections_opened_total', (s) => s.opened],
        ['istio_tcp_connections_closed_total', (s) => s.closed],
        ['istio_tcp_sent_bytes_total', (s) => s.sent],
        ['istio_tcp_received_bytes_total', (s) => s.received],
      ];
      for (const [name, get] of counters) {
        out.push(`# TYPE ${name} counter`);
        for (const s of tcp) out.push(`${name}{${s.labels}} ${get(s)}`);
      }
    }
  }
}
