/**
 * The seam between the router and the upstream codecs. A pool hands a ready `UpstreamStream` to
 * the request's `PoolCallbacks` (or reports why it could not); the stream sends the request and
 * reports the response through the same callbacks. HTTP/1.1 and HTTP/2 pools implement it, and
 * retries, timeouts and circuit breaking build on it without touching the codecs.
 */
import type { RequestHeaders } from '../router/header-mutation.ts';

export type ResetReason = 'connection_failure' | 'connection_termination' | 'remote_reset' | 'local_reset' | 'overflow' | 'protocol_error';

export interface UpstreamRequestHead {
  method: string;
  path: string;
  authority: string;
  scheme: string;
  /** Headers without pseudo-headers and hop-by-hop headers; lower-case names. */
  headers: RequestHeaders;
  /** Content length when known, -1 when the body is streamed without one, 0 for no body. */
  contentLength: number;
}

export interface UpstreamResponseHandler {
  /** Response headers as a flat `[name, value, ...]` array, lower-case, hop-by-hop removed. */
  onUpstreamHeaders(status: number, headers: string[], endStream: boolean): void;
  onUpstreamData(chunk: Buffer): void;
  onUpstreamEnd(trailers: string[] | undefined): void;
  /** The stream failed; `details` is Envoy's transport failure reason when known. */
  onUpstreamReset(reason: ResetReason, details: string): void;
}

export interface PoolCallbacks extends UpstreamResponseHandler {
  onPoolReady(stream: UpstreamStream): void;
  onPoolFailure(reason: ResetReason, details: string): void;
}

export interface UpstreamStream {
  readonly protocol: 'HTTP/1.1' | 'HTTP/2';
  readonly localAddress: string;
  /** True when the connection carried an earlier request (a stale keep-alive may reset). */
  readonly reused: boolean;
  sendHeaders(head: UpstreamRequestHead, endStream: boolean): void;
  /** Returns false when the caller should wait for `onWritable`. */
  sendData(chunk: Buffer): boolean;
  onWritable(cb: () => void): void;
  sendEnd(trailers?: RequestHeaders): void;
  pauseResponse(): void;
  resumeResponse(): void;
  /** Aborts the stream (and, for HTTP/1.1, its connection). No callbacks follow. */
  reset(): void;
}

export interface ConnectionPool {
  newStream(cb: PoolCallbacks): void;
  /** Forgets a request still waiting for a connection. */
  cancel(cb: PoolCallbacks): void;
  drain(): void;
  destroy(): void;
  readonly busy: boolean;
  sweep(nowMs: number): void;
}

/** Hop-by-hop headers never forwarded (RFC 9110 §7.6.1 plus the legacy ones Envoy strips). */
export const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'http2-settings']);
