/**
 * DownstreamRequest/DownstreamResponse over Node's HTTP/2 compatibility objects
 * (Http2ServerRequest/Http2ServerResponse): the HTTP/2 side of the codec-neutral interface. Node's
 * events are translated into DownstreamStreamCallbacks calls through shared listener functions
 * (the adapter hangs off the request/response objects), so no closure is made per request.
 */
import type http from 'node:http';
import type http2 from 'node:http2';
import type { RequestHeaders } from '../../router/header-mutation.ts';
import { toH2Headers, toTrailerObject } from '../response-headers.ts';
import type { DownstreamRequest, DownstreamResponse, DownstreamStreamCallbacks } from './downstream.ts';

const ADAPTER = Symbol('sextant.h2-adapter');
type Tagged = { [ADAPTER]?: Http2StreamAdapter };

function onClose(this: Tagged): void {
  const a = this[ADAPTER];
  if (a) a.cb?.onDownstreamClose((a.res as { writableFinished?: boolean }).writableFinished !== false);
}

function onDrain(this: Tagged): void {
  this[ADAPTER]?.cb?.onResponseDrain();
}

function onData(this: Tagged, chunk: Buffer): void {
  this[ADAPTER]?.cb?.onRequestData(chunk);
}

function onEnd(this: Tagged): void {
  this[ADAPTER]?.cb?.onRequestEnd();
}

const PSEUDO = [':method', ':path', ':authority', ':scheme'];

export class Http2StreamAdapter implements DownstreamRequest, DownstreamResponse {
  readonly protocol = 'HTTP/2' as const;
  readonly method: string;
  readonly path: string;
  readonly authority: string | undefined;
  readonly headers: RequestHeaders;
  readonly hasBody: boolean;
  readonly upgrade = undefined;
  cb: DownstreamStreamCallbacks | undefined;

  constructor(
    readonly req: http2.Http2ServerRequest,
    readonly res: http2.Http2ServerResponse,
  ) {
    this.method = req.method ?? 'GET';
    this.path = req.url ?? '/';
    const h = req.headers as RequestHeaders;
    this.authority = (h[':authority'] as string | undefined) ?? (h.host as string | undefined);
    for (let i = 0; i < PSEUDO.length; i++) delete h[PSEUDO[i]];
    this.headers = h;
    this.hasBody = !req.stream.endAfterHeaders;
    (req as unknown as Tagged)[ADAPTER] = this;
    (res as unknown as Tagged)[ADAPTER] = this;
  }

  bind(callbacks: DownstreamStreamCallbacks): void {
    this.cb = callbacks;
    this.res.on('close', onClose);
  }

  readBody(): void {
    this.req.on('data', onData);
    this.req.on('end', onEnd);
  }

  pauseBody(): void {
    this.req.pause();
  }

  resumeBody(): void {
    this.req.resume();
  }

  writeHead(status: number, headers: string[], endStream: boolean): void {
    if (endStream) {
      // Headers with END_STREAM (gRPC trailers-only responses stay trailers-only).
      this.res.stream.respond(toH2Headers(status, headers), { endStream: true });
      return;
    }
    this.res.writeHead(status, headers as unknown as http.OutgoingHttpHeaders);
  }

  write(chunk: Buffer): boolean {
    if (this.res.write(chunk)) return true;
    this.res.once('drain', onDrain);
    return false;
  }

  end(body: Buffer | undefined, trailers: string[] | undefined): void {
    if (trailers && trailers.length > 0) this.res.addTrailers(toTrailerObject(trailers));
    if (body) this.res.end(body);
    else this.res.end();
  }

  reset(): void {
    const s = this.res.stream;
    if (!s.destroyed) s.close(2);
  }
}
