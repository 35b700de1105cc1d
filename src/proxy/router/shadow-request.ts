/**
 * One mirrored request (Envoy's shadow): a copy of the downstream request — authority suffixed
 * `-shadow`, the buffered body — sent to a host of the mirror cluster through its pool and circuit
 * breakers, with the route timeout. Fire-and-forget: the response is read and dropped; failures
 * only show in the mirror cluster's stats and outlier detection, never in the client's response.
 */
import type { UpstreamCluster } from '../upstream/upstream-cluster.ts';
import type { Host } from '../upstream/host.ts';
import type { ConnectionPool, PoolCallbacks, ResetReason, UpstreamRequestHead, UpstreamStream } from '../upstream/upstream-stream.ts';
import type { RequestHeaders } from './header-mutation.ts';
import { shadowAuthority } from './shadow-policy.ts';

export interface ShadowInput {
  readonly method: string;
  readonly path: string;
  readonly authority: string;
  readonly headers: RequestHeaders;
  readonly body: readonly Buffer[];
  readonly timeoutMs: number;
  readonly downstreamHttp2: boolean;
}

export class ShadowRequest implements PoolCallbacks {
  private upstream: UpstreamStream | undefined;
  private timer: NodeJS.Timeout | undefined;
  private done = false;
  private holdsRequest = false;
  private readonly pool: ConnectionPool;

  private constructor(
    private readonly cluster: UpstreamCluster,
    private readonly host: Host,
    private readonly head: UpstreamRequestHead,
    private readonly body: readonly Buffer[],
    downstreamHttp2: boolean,
  ) {
    this.pool = cluster.pool(host, downstreamHttp2);
  }

  /** Sends a copy of `input` to `cluster` (nothing when it has no usable host). */
  static send(cluster: UpstreamCluster, input: ShadowInput): void {
    const host = cluster.chooseHost(undefined);
    if (!host) return;
    const length = input.body.reduce((n, c) => n + c.length, 0);
    const headers = { ...input.headers };
    delete headers['x-envoy-attempt-count'];
    if (length > 0) {
      headers['content-length'] = String(length);
      delete headers['transfer-encoding'];
    }
    const head: UpstreamRequestHead = { method: input.method, path: input.path, authority: shadowAuthority(input.authority), scheme: host.tls ? 'https' : 'http', headers, contentLength: length };
    const r = new ShadowRequest(cluster, host, head, input.body, input.downstreamHttp2);
    cluster.stats.upstream_rq_total++;
    cluster.stats.upstream_rq_active++;
    host.rqActive++;
    host.rqTotal++;
    if (input.timeoutMs > 0) r.timer = setTimeout(() => r.abort(), input.timeoutMs);
    r.pool.newStream(r);
  }

  onPoolReady(s: UpstreamStream): void {
    this.holdsRequest = true;
    if (this.done) {
      s.reset();
      this.releaseRequest();
      return;
    }
    this.upstream = s;
    s.sendHeaders(this.head, this.body.length === 0);
    if (this.body.length === 0) return;
    for (const chunk of this.body) s.sendData(chunk);
    s.sendEnd();
  }

  onPoolFailure(reason: ResetReason): void {
    if (reason === 'connection_failure') this.cluster.outlier?.putResult(this.host, 'local_origin_connect_failed');
    this.finish();
  }

  onUpstreamHeaders(status: number): void {
    if (this.done) return;
    this.cluster.outlier?.putHttpResponseCode(this.host, status);
    this.cluster.stats.recordResponse(status);
  }

  onUpstreamData(): void {}

  onUpstreamEnd(): void {
    this.finish();
  }

  onUpstreamReset(reason: ResetReason): void {
    if (!this.done && reason !== 'overflow') this.cluster.outlier?.putResult(this.host, 'local_origin_connect_failed');
    this.finish();
  }

  private abort(): void {
    if (this.done) return;
    this.cluster.stats.upstream_rq_timeout++;
    if (this.upstream) this.upstream.reset();
    else this.pool.cancel(this);
    this.finish();
  }

  private releaseRequest(): void {
    if (!this.holdsRequest) return;
    this.holdsRequest = false;
    this.cluster.resources.requests.dec();
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    if (this.timer) clearTimeout(this.timer);
    this.releaseRequest();
    this.cluster.stats.upstream_rq_active--;
    this.host.rqActive--;
  }
}
