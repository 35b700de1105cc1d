/**
 * The HTTP connection manager network filter: takes a downstream connection (TLS already
 * terminated), picks the codec — HTTP/2 when ALPN says h2 or the client sends the h2c preface
 * (prior knowledge), else HTTP/1.1 — and hands it to a Node HTTP/1.1 or HTTP/2 server object
 * that never listens itself. Each request becomes an ActiveStream. Draining a connection sends
 * `connection: close` (HTTP/1.1) or GOAWAY (HTTP/2) and lets in-flight requests finish.
 */
import http from 'node:http';
import http2 from 'node:http2';
import type net from 'node:net';
import type { FilterStatus, NetworkFilter } from '../../extensions/api.ts';
import { startsWithH2Preface } from '../tls/client-hello.ts';
import type { DownstreamConnection } from '../listener/downstream-connection.ts';
import { NEED_MORE, peek } from '../listener/peek.ts';
import { ActiveStream, type DownstreamRequest, type DownstreamResponse } from './active-stream.ts';
import type { HcmConfig } from './hcm-config.ts';
import { upgradeRequest } from './upgrade.ts';

export const CONN = Symbol('sextant.connection');
type Tagged = { [CONN]?: DownstreamConnection };

function connOf(req: DownstreamRequest): DownstreamConnection | undefined {
  const direct = (req.socket as unknown as Tagged | undefined)?.[CONN];
  if (direct) return direct;
  const session = (req as http2.Http2ServerRequest).stream?.session as unknown as Tagged | undefined;
  return session?.[CONN];
}

export class HttpConnectionManager implements NetworkFilter {
  private readonly h1: http.Server;
  private readonly h2: http2.Http2Server;

  constructor(readonly config: HcmConfig) {
    const onRequest = (req: DownstreamRequest, res: DownstreamResponse): void => {
      const conn = connOf(req);
      if (!conn) {
        res.destroy();
        return;
      }
      let stream: ActiveStream | undefined;
      try {
        stream = new ActiveStream(config, conn, req, res);
        stream.decode();
      } catch (e) {
        // A bug must not take the proxy down: answer 500 (or reset) and keep serving.
        config.services.options.log(`internal error while handling a request: ${(e as Error).stack ?? e}`);
        if (stream && !stream.responseStarted) stream.sendLocalReply(500, 'internal error', 'internal_error');
        else if (!res.headersSent) {
          res.writeHead(500, { 'content-length': 0 });
          res.end();
        } else res.destroy();
      }
    };
    this.h1 = http.createServer({ requestTimeout: 0, noDelay: true, maxHeaderSize: config.maxRequestHeadersBytes }, onRequest);
    this.h1.keepAliveTimeout = Math.min(config.idleTimeoutMs, 2 ** 31 - 1);
    this.h1.headersTimeout = config.requestHeadersTimeoutMs > 0 ? config.requestHeadersTimeoutMs : 60_000;
    this.h1.maxHeadersCount = config.maxHeadersCount;
    if (config.maxRequestsPerConnection > 0) this.h1.maxRequestsPerSocket = config.maxRequestsPerConnection;
    this.h1.on('upgrade', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
      const conn = (socket as Tagged)[CONN];
      if (!conn) socket.destroy();
      else upgradeRequest(config, conn, req, socket, head);
    });
    this.h1.on('clientError', (err: NodeJS.ErrnoException, socket: net.Socket) => {
      if (socket.writable && !socket.destroyed) {
        const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
        const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
        const body = tooLarge ? 'Request Header Fields Too Large' : 'Bad Request';
        socket.end(`HTTP/1.1 ${status}\r\ncontent-length: ${body.length}\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\n${body}`);
      }
      socket.destroy();
    });
    this.h2 = http2.createServer({ settings: { maxConcurrentStreams: config.maxConcurrentStreams, maxHeaderListSize: config.maxRequestHeadersBytes }, maxSessionMemory: 64 }, onRequest);
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
      peek(
        socket,
        (buf) => {
          const r = startsWithH2Preface(buf);
          return r === 'need-more' ? NEED_MORE : r;
        },
        15_000,
        (isH2) => {
          if (socket.destroyed) return;
          this.dispatch(conn, isH2 === true);
          // HTTP/1.1 reads through the stream; HTTP/2 takes the buffered bytes and the handle itself.
          if (isH2 !== true) socket.resume();
        },
      );
    }
    return 'stop';
  }

  private dispatch(conn: DownstreamConnection, h2: boolean): void {
    if (h2) this.h2.emit('connection', conn.socket);
    else this.h1.emit('connection', conn.socket);
  }
}
