/**
 * The codec-neutral view of one downstream HTTP exchange that ActiveStream works with: the
 * request head and body (DownstreamRequest), the response it sends (DownstreamResponse), and the
 * events a codec delivers back (DownstreamStreamCallbacks). Implemented by Sextant's own HTTP/1.1
 * codec (http1-server-stream.ts) and by an adapter over Node's HTTP/2 compatibility objects
 * (node-stream-adapter.ts). Events are method calls, not EventEmitter events.
 */
import type net from 'node:net';
import type { RequestHeaders } from '../../router/header-mutation.ts';

export type DownstreamProtocol = 'HTTP/1.0' | 'HTTP/1.1' | 'HTTP/2';

/** What a codec reports to the stream that owns the exchange. */
export interface DownstreamStreamCallbacks {
  /** A request body chunk (only after readBody()). */
  onRequestData(chunk: Buffer): void;
  /** The request body is complete (only after readBody()). */
  onRequestEnd(): void;
  /** A write() that returned false has drained. */
  onResponseDrain(): void;
  /** The exchange is over; `completed` when the whole response was handed to the connection. */
  onDownstreamClose(completed: boolean): void;
}

/** An HTTP/1.1 Upgrade request (WebSocket) the router tunnels: the raw socket and early bytes. */
export interface DownstreamUpgrade {
  type: string;
  socket: net.Socket;
  head: Buffer;
}

export interface DownstreamRequest {
  readonly protocol: DownstreamProtocol;
  readonly method: string;
  /** The request target as received (`:path`). */
  readonly path: string;
  /** `:authority` (HTTP/2) or `host`; undefined when absent. */
  readonly authority: string | undefined;
  /** Lower-case names, without pseudo-headers; mutable (the connection manager decorates it). */
  readonly headers: RequestHeaders;
  /** Whether a body follows the head. */
  readonly hasBody: boolean;
  /** Set for an HTTP/1.1 Upgrade request the codec handed over with its socket. */
  readonly upgrade: DownstreamUpgrade | undefined;
  /** Installs the owner of the exchange; called once, before anything else. */
  bind(callbacks: DownstreamStreamCallbacks): void;
  /** Starts delivering the body (buffered data first) through onRequestData/onRequestEnd. */
  readBody(): void;
  /** Backpressure from the upstream side: stop delivering body data for now. */
  pauseBody(): void;
  resumeBody(): void;
}

export interface DownstreamResponse {
  /**
   * Sends the response head (flat `[name, value, ...]`, lower-case names); `endStream` when no
   * body follows. Throws when a header cannot be encoded (the caller resets the stream).
   */
  writeHead(status: number, headers: string[], endStream: boolean): void;
  /** A body chunk; false when the connection's buffer is full (onResponseDrain follows). */
  write(chunk: Buffer): boolean;
  /** Ends the response, with a last chunk and trailers (HTTP/2 sends them; HTTP/1.1 drops them). */
  end(body: Buffer | undefined, trailers: string[] | undefined): void;
  /** Aborts the exchange: HTTP/1.1 closes the connection, HTTP/2 resets the stream. */
  reset(): void;
}
