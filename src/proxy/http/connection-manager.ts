/**
 * The HTTP connection manager network filter: takes a downstream connection (TLS already
 * terminated), picks the codec — HTTP/2 when ALPN says h2 or the client sends the h2c preface
 * (prior knowledge), else HTTP/1.1 — and runs every request as an ActiveStream over the
 * codec-neutral DownstreamRequest/DownstreamResponse. HTTP/1.1 is Sextant's own codec
 * (codec/http1-server-connection.ts, Node's llhttp without http.Server); HTTP/2 is a Node http2
 * server object that never listens, adapted per request. Draining a connection sends
 * `connection: close` (HTTP/1.1, on the next response) or GOAWAY (HTTP/2) and lets in-flight
 * requests finish.
 */
import http2 from 'node:http2';
import type { FilterStatus, NetworkFilter } from '../../extensions/api.ts';
import { startsWithH2Preface } from '../tls/client-hello.ts';
import type { DownstreamConnection } from '../listener/downstream-connection.ts';
import { NEED_MORE, sniff } from '../listener/peek.ts';
import { ActiveStream } from './active-stream.ts';
import type { DownstreamRequest, DownstreamResponse } from './codec/downstream.ts';
import { Http1ServerConnection, type Http1CodecOptions } from './codec/http1-server-connection.ts';
import type { Http1ServerStream } from './codec/http1-server-stream.ts';
import { Http2StreamAdapter } from './codec/http2-stream-adapter.ts';
import type { HcmConfig } from './hcm-config.ts';

const CONN = Symbol('sextant.connection');
type Tagged = { [CONN]?: DownstreamConnection };

/** Node's HTTP/1.1 server default for the request headers timeout, kept when none is configured. */
const DEFAULT_HEADERS_TIMEOUT_MS = 60_000;

export class HttpConnectionManager implements NetworkFilter {
  private readonly h2: http2.Http2Server;
  private readonly h1Options: Http1CodecOptions;
  private readonly onHttp1Request: (conn: DownstreamConnection, s: Http1ServerStream) => void;

  constructor(readonly config: HcmConfig) {
    this.h1Options = {
      maxRequestHeadersBytes: config.maxRequestHeadersBytes,
      maxHeadersCount: config.maxHeadersCount,
      requestHeadersTimeoutMs: config.requestHeadersTimeoutMs > 0 ? config.requestHeadersTimeoutMs : DEFAULT_HEADERS_TIMEOUT_MS,
      idleTimeoutMs: Math.min(config.idleTimeoutMs, 2 ** 31 - 1),
      maxRequestsPerConnection: config.maxRequestsPerConnection,
    };
    this.onHttp1Request = (conn, s) => this.run(conn, s, s);
    const onH2Request = (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse): void => {
      const conn = (req.stream?.session as unknown as Tagged | undefined)?.[CONN];
      if (!conn) {
        res.stream.close(2);
        return;
      }
      const a = new Http2StreamAdapter(req, res);
      this.run(conn, a, a);
    };
    this.h2 = http2.createServer({ settings: { maxConcurrentStreams: config.maxConcurrentStreams, maxHeaderListSize: config.maxRequestHeadersBytes }, maxSessionMemory: 64 }, onH2Request);
    this.h2.on('session', (session: http2.ServerHttp2Session) => {
      const conn = (session.socket as unknown as Tagged)[CONN];
      (session as unknown as Tagged)[CONN] = conn;
      if (conn) {
        conn.drainHandler = () => {
          if (!session.closed) session.close();
        };
      }
      session.setTimeout(Math.min(config.idleTimeoutMs, 2 ** 31 - 1), () => session.close());
      session.on('error', () => {});
    });
  }

  private run(conn: DownstreamConnection, req: DownstreamRequest, res: DownstreamResponse): void {
    const config = this.config;
    let stream: ActiveStream | undefined;
    try {
      stream = new ActiveStream(config, conn, req, res);
      stream.decode();
    } catch (e) {
      // A bug must not take the proxy down: answer 500 (or reset) and keep serving.
      config.services.options.log(`internal error while handling a request: ${(e as Error).stack ?? e}`);
      if (stream && !stream.responseStarted) stream.sendLocalReply(500, 'internal error', 'internal_error');
      else if (stream) stream.resetDownstream();
      else res.reset();
    }
  }

  onNewConnection(conn: DownstreamConnection): FilterStatus {
    const socket = conn.socket;
    (socket as Tagged)[CONN] = conn;
    const st = this.config.stats;
    st.cxTotal.value++;
    st.cxActive.value++;
    conn.raw.once('close', () => st.cxActive.value--);
    socket.on('error', () => {});
    conn.drainHandler = () => {
      // HTTP/1.1: the next response on this connection carries `connection: close`. Closing an
      // idle keep-alive connection now would race a request the client may be sending; idle
      // connections are closed when the drain period of a removed listener ends.
    };
    const codec = this.config.codec;
    if (conn.tlsTerminated && conn.alpn !== '') {
      this.dispatch(conn, conn.alpn === 'h2');
    } else if (codec === 'HTTP2' || codec === 'HTTP1') {
      this.dispatch(conn, codec === 'HTTP2');
    } else if (conn.detectedHttp !== '') {
      this.dispatch(conn, conn.detectedHttp === 'h2c');
    } else {
      sniff(
        socket,
        (buf) => {
          const r = startsWithH2Preface(buf);
          return r === 'need-more' ? NEED_MORE : r;
        },
        15_000,
        (isH2, read) => {
          if (socket.destroyed) return;
          // Node's HTTP/2 session takes what the socket holds first.
          if (isH2 === true && read) socket.unshift(read);
          this.dispatch(conn, isH2 === true, isH2 === true ? undefined : read);
        },
      );
    }
    return 'stop';
  }

  /** `read`: bytes the codec detection read, the HTTP/1.1 codec's first input. */
  private dispatch(conn: DownstreamConnection, h2: boolean, read?: Buffer): void {
    if (h2) this.h2.emit('connection', conn.socket);
    else new Http1ServerConnection(conn, this.h1Options, this.onHttp1Request, read);
  }
}
