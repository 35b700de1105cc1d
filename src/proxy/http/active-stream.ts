/**
 * One downstream HTTP request/response (Envoy's ActiveStream), over the codec-neutral
 * DownstreamRequest/DownstreamResponse (Sextant's HTTP/1.1 codec or Node's HTTP/2): decorates the request headers, selects the route, runs the HTTP filter chain
 * (the router filter hands over to the router), encodes the response (server, date, service time,
 * header mutations, encoder filters), and logs and measures the stream when it closes. It is the
 * StreamInfo the access log and metrics read. Nothing here throws on bad input: bad input becomes
 * a local reply or a reset.
 */
import { normalizeRequestPath, type PathNormalizationConfig } from './path-normalization.ts';
import type { FilterStatus, HttpFilterStream } from '../../extensions/api.ts';
import { FLAG, formatFlags } from '../access-log/response-flags.ts';
import type { StreamInfo } from '../access-log/stream-info.ts';
import { monotonicMs } from '../common/clock.ts';
import { splitHostPort } from '../common/ip.ts';
import type { DownstreamConnection } from '../listener/downstream-connection.ts';
import { applyResponseMutations, getFlat, NO_MUTATIONS, type HeaderMutations, type RequestHeaders } from '../router/header-mutation.ts';
import { parseQuery, stripQuery, type MatchRequest } from '../router/match-request.ts';
import type { RouteEntry } from '../router/route-entry.ts';
import { DISABLED } from '../router/route-scope.ts';
import { forwardUpstream, onDownstreamGone, onRequestBufferOverflow, onRequestComplete } from '../router/router.ts';
import type { RequestBuffer } from '../router/retry/request-buffer.ts';
import type { RetryState } from '../router/retry/retry-state.ts';
import type { CompiledShadow } from '../router/shadow-policy.ts';
import type { UpstreamRequest } from '../router/upstream-request.ts';
import type { VirtualHostEntry } from '../router/virtual-host.ts';
import { destinationOf } from '../stats/destinations.ts';
import type { Host } from '../upstream/host.ts';
import type { UpstreamCluster } from '../upstream/upstream-cluster.ts';
import type { UpstreamRequestHead } from '../upstream/upstream-stream.ts';
import type { DownstreamRequest, DownstreamResponse, DownstreamStreamCallbacks, DownstreamUpgrade } from './codec/downstream.ts';
import type { HcmConfig } from './hcm-config.ts';
import { decorateRequest } from './request-decorator.ts';
import { finishResponseHeaders } from './response-headers.ts';

export class ActiveStream implements HttpFilterStream, StreamInfo, MatchRequest, DownstreamStreamCallbacks {
  readonly startTime = Date.now();
  readonly startMono = monotonicMs();
  endMono = 0;
  readonly protocol: DownstreamRequest['protocol'];
  responseCode = 0;
  responseCodeDetails = '';
  responseFlags = 0;
  bytesReceived = 0;
  bytesSent = 0;
  upstreamCluster = '';
  upstreamHost = '';
  upstreamLocalAddress = '';
  upstreamTransportFailureReason = '';
  routeName = '';
  attemptCount = 0;
  connectionTerminationDetails = '';
  upstreamServiceTimeMs = -1;

  readonly method: string;
  path: string;
  authority: string;
  readonly scheme: string;
  readonly headers: RequestHeaders;
  readonly isH2: boolean;
  internal = false;
  route: RouteEntry | undefined;
  vhost: VirtualHostEntry | undefined;
  responseHeaders: string[] | undefined;
  responseTrailers: string[] | undefined;
  /** Extra response mutations of the chosen weighted cluster. */
  targetResponseMutations: HeaderMutations = NO_MUTATIONS;
  responseStarted = false;
  downstreamClosed = false;
  private finished = false;
  private filterIndex = 0;
  private pathNoQuery: string | undefined;
  private query: Map<string, string> | undefined;

  // Router state (owned by router.ts).
  cluster: UpstreamCluster | undefined;
  /** The request head the attempts send upstream (built once per request). */
  upstreamHead: UpstreamRequestHead | undefined;
  host: Host | undefined;
  attempt: UpstreamRequest | undefined;
  timer: NodeJS.Timeout | undefined;
  /** Created at the first retriable failure (none on the happy path). */
  retry: RetryState<Host> | undefined;
  retryTimer: NodeJS.Timeout | undefined;
  /** The request body copy for retries and mirrors (only when the route has either). */
  requestBuffer: RequestBuffer | undefined;
  /** The request body went over the buffer limit: no retry, no mirror (retry_or_shadow_abandoned). */
  retryAbandoned = false;
  requestComplete = false;
  /** The route's hash policy result for consistent-hash clusters. */
  hashKey: bigint | undefined;
  /** `set-cookie` values a cookie hash policy generated, added to the upstream response. */
  setCookies: string[] | undefined;
  /** Mirrors sampled for this request, sent once the request body is complete. */
  shadows: CompiledShadow[] | undefined;
  requestHasBody: boolean;
  bodyStarted = false;
  /** The one transparent retry after a stale HTTP/1.1 keep-alive connection was used. */
  staleRetried = false;
  /** Set for an HTTP/1.1 Upgrade request (WebSocket) the router tunnels instead of proxying. */
  upgrade: DownstreamUpgrade | undefined;

  constructor(
    readonly hcm: HcmConfig,
    readonly downstream: DownstreamConnection,
    readonly req: DownstreamRequest,
    readonly res: DownstreamResponse,
  ) {
    const protocol = req.protocol;
    const h2 = protocol === 'HTTP/2';
    this.isH2 = h2;
    this.protocol = protocol;
    this.method = req.method;
    this.path = req.path;
    this.headers = req.headers;
    this.scheme = downstream.tlsTerminated ? 'https' : 'http';
    let authority = req.authority;
    if (authority === undefined && protocol === 'HTTP/1.0') authority = hcm.defaultHostForHttp10;
    this.authority = authority ?? '';
    this.requestHasBody = req.hasBody;
    this.requestComplete = !this.requestHasBody;
    this.upgrade = req.upgrade;
    req.bind(this);
    downstream.activeStreams++;
    const st = hcm.stats;
    st.rqTotal.value++;
    st.rqActive.value++;
    if (h2) st.rqHttp2.value++;
    else st.rqHttp1.value++;
  }

  /** Runs the request through header decoration, route selection and the filter chain. */
  decode(): void {
    const hcm = this.hcm;
    if (this.protocol === 'HTTP/1.0' && !hcm.acceptHttp10) {
      this.sendLocalReply(426, 'Upgrade Required', 'low_version', 0, ['connection', 'close']);
      return;
    }
    if (this.authority === '') {
      this.sendLocalReply(400, 'Bad Request', 'missing_host_header', FLAG.DPE);
      return;
    }
    if (hcm.pathNormalization && !this.normalizePath(hcm.pathNormalization)) return;
    if (hcm.stripPort !== 'none') {
      const { host, port } = splitHostPort(this.authority);
      if (port !== undefined && (hcm.stripPort === 'any' || Number(port) === hcm.listenerPort)) this.authority = host;
    }
    this.internal = decorateRequest(hcm, this.downstream, this.headers, this.scheme);
    const table = hcm.routes.table;
    if (table) {
      const vh = table.findVirtualHost(this.authority);
      if (vh) {
        this.vhost = vh;
        if (vh.requireTls !== 'NONE' && !this.downstream.tlsTerminated && (vh.requireTls === 'ALL' || !this.internal)) {
          this.sendLocalReply(301, '', 'direct_response', 0, ['location', `https://${this.authority}${this.path}`]);
          return;
        }
        this.route = vh.selectRoute(this);
        if (this.route) this.routeName = this.route.name;
      }
    }
    this.decodeFilters();
  }

  /** Applies the HCM's path normalization; false when the request was answered (400 or a redirect). */
  private normalizePath(config: PathNormalizationConfig): boolean {
    const r = normalizeRequestPath(config, this.path);
    if (r.action === 'reject') {
      this.sendLocalReply(400, 'Bad Request', r.details);
      return false;
    }
    if (r.action === 'redirect') {
      this.sendLocalReply(307, '', 'path_normalization_redirect', 0, ['location', r.path]);
      return false;
    }
    this.path = r.path;
    return true;
  }

  private decodeFilters(): void {
    const filters = this.hcm.filters;
    while (this.filterIndex < filters.length) {
      const status: FilterStatus = filters[this.filterIndex++].decodeHeaders(this);
      if (status === 'stop' || this.responseStarted || this.downstreamClosed) return;
    }
  }

  // ---- HttpFilterStream ----

  continueDecoding(): void {
    if (!this.responseStarted && !this.downstreamClosed) this.decodeFilters();
  }

  forwardUpstream(): void {
    forwardUpstream(this);
  }

  setRequestHeader(name: string, value: string): void {
    this.headers[name.toLowerCase()] = value;
  }

  setResponseFlag(flag: number): void {
    this.responseFlags |= flag;
  }

  perFilterConfig<T>(filterName: string): T | undefined {
    const v = this.route?.perFilter.get(filterName) ?? this.vhost?.scope.perFilter.get(filterName);
    return v === DISABLED ? undefined : (v as T | undefined);
  }

  /** Streams the request body to the current attempt's upstream stream. */
  startRequestBody(): void {
    this.bodyStarted = true;
    this.req.readBody();
  }

  // ---- DownstreamStreamCallbacks ----

  onRequestData(chunk: Buffer): void {
    this.bytesReceived += chunk.length;
    if (this.requestBuffer && !this.requestBuffer.append(chunk)) onRequestBufferOverflow(this);
    const a = this.attempt;
    const up = a && !a.done ? a.upstream : undefined;
    if (up && !up.sendData(chunk)) {
      const req = this.req;
      req.pauseBody();
      up.onWritable(() => req.resumeBody());
    }
  }

  onRequestEnd(): void {
    this.requestComplete = true;
    const a = this.attempt;
    if (a && !a.done) a.upstream?.sendEnd();
    onRequestComplete(this);
  }

  onResponseDrain(): void {
    this.attempt?.upstream?.resumeResponse();
  }

  // ---- MatchRequest / StreamInfo ----

  pathOnly(): string {
    if (this.pathNoQuery === undefined) this.pathNoQuery = stripQuery(this.path);
    return this.pathNoQuery;
  }

  queryParam(name: string): string | undefined {
    if (this.query === undefined) this.query = parseQuery(this.path);
    return this.query.get(name);
  }

  header(name: string): string | undefined {
    if (name.charCodeAt(0) === 58) {
      if (name === ':method') return this.method;
      if (name === ':path') return this.path;
      if (name === ':authority') return this.authority;
      if (name === ':scheme') return this.scheme;
      return undefined;
    }
    if (name === 'host') return this.authority;
    const v = this.headers[name];
    return Array.isArray(v) ? v.join(',') : v;
  }

  requestHeader(name: string): string | undefined {
    return this.header(name);
  }

  responseHeader(name: string): string | undefined {
    return this.responseHeaders ? getFlat(this.responseHeaders, name) : undefined;
  }

  responseTrailer(name: string): string | undefined {
    return this.responseTrailers ? getFlat(this.responseTrailers, name) : undefined;
  }

  get tlsPresented(): boolean {
    return this.downstream.tlsTerminated && this.downstream.peerCertificatePresented();
  }

  get tlsValidated(): boolean {
    return this.downstream.tlsTerminated && this.downstream.peerCertificateValidated();
  }

  // ---- response ----

  /** Sends response headers downstream with Envoy's response header handling. */
  encodeHeaders(status: number, headers: string[], endStream: boolean, routeMutations: boolean): void {
    if (this.responseStarted || this.downstreamClosed) return;
    const hcm = this.hcm;
    if (routeMutations && this.route) {
      applyResponseMutations(this.targetResponseMutations, headers, this);
      applyResponseMutations(this.route.responseMutations, headers, this);
    }
    const encoders = hcm.encoders;
    for (let i = 0; i < encoders.length; i++) encoders[i].encodeHeaders!(this, headers);
    if (this.upstreamServiceTimeMs >= 0) headers.push('x-envoy-upstream-service-time', String(this.upstreamServiceTimeMs));
    finishResponseHeaders(headers, hcm.serverTransform, hcm.serverName);
    this.responseHeaders = headers;
    this.responseCode = status;
    this.responseStarted = true;
    if (this.downstream.draining && !this.isH2) headers.push('connection', 'close');
    try {
      if (endStream) this.finished = true;
      this.res.writeHead(status, headers, endStream);
    } catch (e) {
      this.hcm.services.options.log(`invalid response headers from upstream: ${(e as Error).message}`);
      this.resetDownstream();
    }
  }

  writeBody(chunk: Buffer): void {
    if (this.downstreamClosed) return;
    this.bytesSent += chunk.length;
    if (!this.res.write(chunk)) this.attempt?.upstream?.pauseResponse();
  }

  /** A tunnel (upgrade) finished: the stream completed normally. */
  markFinished(): void {
    this.finished = true;
  }

  endResponse(trailers: string[] | undefined): void {
    if (this.finished || this.downstreamClosed) return;
    this.finished = true;
    if (trailers && trailers.length > 0) this.responseTrailers = trailers;
    this.res.end(undefined, trailers);
  }

  /** A locally generated response (Envoy's sendLocalReply). */
  sendLocalReply(status: number, body: string, details: string, flags = 0, extra?: string[], routeMutations = false): void {
    this.responseFlags |= flags;
    this.responseCodeDetails = details;
    if (this.responseStarted) {
      this.resetDownstream();
      return;
    }
    this.writeLocal(status, body === '' ? undefined : Buffer.from(body), extra, routeMutations);
  }

  writeLocal(status: number, body: Buffer | undefined, extra: string[] | undefined, routeMutations: boolean): void {
    const headers: string[] = [];
    if (body) headers.push('content-type', 'text/plain');
    headers.push('content-length', String(body ? body.length : 0));
    if (extra) for (let i = 0; i < extra.length; i++) headers.push(extra[i]);
    const closing = extra !== undefined && getFlat(extra, 'connection') === 'close';
    if (closing && this.isH2) headers.splice(headers.indexOf('connection'), 2);
    this.encodeHeaders(status, headers, false, routeMutations);
    if (this.downstreamClosed || this.finished) return;
    this.finished = true;
    if (body && this.method !== 'HEAD') {
      this.bytesSent += body.length;
      this.res.end(body, undefined);
    } else this.res.end(undefined, undefined);
  }

  resetDownstream(): void {
    if (this.downstreamClosed) return;
    this.res.reset();
  }

  /** The exchange closed: `completed` by the codec, or the downstream went away first. */
  onDownstreamClose(completed: boolean): void {
    if (this.downstreamClosed) return;
    this.downstreamClosed = true;
    this.downstream.activeStreams--;
    if (!completed || !this.finished) this.responseFlags |= FLAG.DC;
    onDownstreamGone(this);
    this.log();
  }

  private log(): void {
    this.endMono = monotonicMs();
    const hcm = this.hcm;
    const st = hcm.stats;
    st.rqActive.value--;
    const code = this.responseCode;
    if (code >= 500) st.rq5xx.value++;
    else if (code >= 400) st.rq4xx.value++;
    else if (code >= 300) st.rq3xx.value++;
    else if (code >= 200) st.rq2xx.value++;
    else if (code >= 100) st.rq1xx.value++;
    if ((this.responseFlags & FLAG.NR) !== 0) st.noRoute.value++;
    for (let i = 0; i < hcm.accessLoggers.length; i++) hcm.accessLoggers[i].log(this);
    const ct = this.headers['content-type'];
    const grpc = typeof ct === 'string' && ct.startsWith('application/grpc');
    const grpcStatus = grpc ? (this.responseTrailer('grpc-status') ?? this.responseHeader('grpc-status') ?? '') : '';
    const dest = destinationOf(hcm.services.metrics, this.cluster, this.host);
    hcm.services.metrics.recordRequest(dest, grpc, code, formatFlags(this.responseFlags), grpcStatus, this.endMono - this.startMono, this.bytesReceived, this.bytesSent);
  }
}
