/**
 * One attempt of a request against one upstream host (Envoy's UpstreamRequest): it waits for a
 * pooled stream, carries the request, and relays the response to the router. It holds one of the
 * cluster's `maxRequests` slots from the moment the pool hands it a stream until it ends. Retries
 * create new attempts; a cancelled attempt drops every later callback.
 */
import { monotonicMs } from '../common/clock.ts';
import type { ActiveStream } from '../http/active-stream.ts';
import type { Host } from '../upstream/host.ts';
import type { UpstreamCluster } from '../upstream/upstream-cluster.ts';
import type { ConnectionPool, PoolCallbacks, ResetReason, UpstreamStream } from '../upstream/upstream-stream.ts';
import { onAttemptFailed, onAttemptReady, onUpstreamEnd, onUpstreamHeaders } from './router.ts';

export class UpstreamRequest implements PoolCallbacks {
  upstream: UpstreamStream | undefined;
  startMono = 0;
  headersReceived = false;
  done = false;
  perTryTimer: NodeJS.Timeout | undefined;
  private holdsRequest = false;

  constructor(
    readonly stream: ActiveStream,
    readonly cluster: UpstreamCluster,
    readonly host: Host,
    readonly pool: ConnectionPool,
  ) {}

  /** Request headers went upstream (for `reset-before-request`). */
  get requestStarted(): boolean {
    return this.upstream !== undefined;
  }

  onPoolReady(s: UpstreamStream): void {
    this.holdsRequest = true;
    if (this.done) {
      s.reset();
      this.releaseRequest();
      return;
    }
    this.upstream = s;
    this.startMono = monotonicMs();
    onAttemptReady(this.stream, this);
  }

  onPoolFailure(reason: ResetReason, details: string): void {
    if (this.done) return;
    this.finish();
    onAttemptFailed(this.stream, this, reason, details);
  }

  onUpstreamHeaders(status: number, headers: string[], endStream: boolean): void {
    if (this.done) return;
    this.headersReceived = true;
    onUpstreamHeaders(this.stream, this, status, headers, endStream);
  }

  onUpstreamData(chunk: Buffer): void {
    if (!this.done) this.stream.writeBody(chunk);
  }

  onUpstreamEnd(trailers: string[] | undefined): void {
    if (this.done) return;
    this.finish();
    onUpstreamEnd(this.stream, this, trailers);
  }

  onUpstreamReset(reason: ResetReason, details: string): void {
    if (this.done) return;
    this.finish();
    onAttemptFailed(this.stream, this, reason, details);
  }

  /** Stops the attempt: resets its stream or leaves the pool queue. */
  cancel(): void {
    if (this.done) return;
    this.finish();
    if (this.upstream) this.upstream.reset();
    else this.pool.cancel(this);
  }

  private releaseRequest(): void {
    if (!this.holdsRequest) return;
    this.holdsRequest = false;
    this.cluster.resources.requests.dec();
  }

  private finish(): void {
    this.done = true;
    if (this.perTryTimer) clearTimeout(this.perTryTimer);
    this.releaseRequest();
    this.cluster.stats.upstream_rq_active--;
    this.host.rqActive--;
  }
}
