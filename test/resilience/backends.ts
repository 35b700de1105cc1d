/**
 * Backends for the resilience tests: real HTTP/1.1 (or h2c) servers on their own loopback address
 * (127.0.0.2, 127.0.0.3, ...) that answer with their name and fail on command — a status code,
 * a reset (TCP RST), a hang (never answer), a close (FIN before any response), a delay — either
 * for every request (`mode`) or per request (`x-fail` header / `/fail/<mode>` path). Each counts
 * the requests it actually received, so a test can prove there was no retry storm and no lost
 * request.
 */
import http from 'node:http';
import http2 from 'node:http2';
import type net from 'node:net';

export type Mode = 'ok' | 'reset' | 'hang' | 'close' | `status:${number}` | `delay:${number}` | `grpc:${number}` | 'refuse';

export interface Received {
  method: string;
  path: string;
  authority: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Backend {
  readonly name: string;
  readonly address: string;
  readonly port: number;
  /** Requests received (counted on arrival, whatever the answer). */
  readonly received: Received[];
  mode: Mode;
  /** Modes consumed one per request before `mode` applies again. */
  queue: Mode[];
  readonly hits: number;
  /** TCP connections accepted (HTTP/1.1 backends). */
  connections: number;
  /** Requests being answered right now, and the most at once. */
  inFlight: number;
  maxInFlight: number;
  reset(): void;
  close(): Promise<void>;
}

function modeOf(b: Backend, req: { headers: http.IncomingHttpHeaders; url?: string }): Mode {
  const header = req.headers['x-fail'];
  if (typeof header === 'string' && header !== '') return header as Mode;
  const m = /^\/fail\/([a-z]+(?::\d+)?)/.exec(req.url ?? '');
  if (m) return m[1] as Mode;
  return b.queue.shift() ?? b.mode;
}

function answer(b: Backend, mode: Mode, res: http.ServerResponse, socket: net.Socket): void {
  const body = JSON.stringify({ backend: b.name });
  const send = (status: number): void => {
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-backend': b.name });
    res.end(body);
  };
  if (mode === 'ok') send(200);
  else if (mode === 'reset') (socket as net.Socket & { resetAndDestroy(): void }).resetAndDestroy();
  else if (mode === 'close') socket.end();
  else if (mode === 'hang') return;
  else if (mode.startsWith('status:')) send(Number(mode.slice(7)));
  else if (mode.startsWith('delay:')) setTimeout(() => !socket.destroyed && send(200), Number(mode.slice(6)));
  else send(200);
}

function newBackend(name: string, address: string): Backend & { port: number } {
  const received: Received[] = [];
  return {
    name,
    address,
    port: 0,
    received,
    mode: 'ok',
    queue: [],
    connections: 0,
    inFlight: 0,
    maxInFlight: 0,
    get hits() {
      return received.length;
    },
    reset() {
      received.length = 0;
      this.mode = 'ok';
      this.queue = [];
      this.connections = 0;
      this.maxInFlight = this.inFlight;
    },
    close: async () => {},
  };
}

/** An HTTP/1.1 backend named `name` on `address` (a 127.0.0.x loopback address). */
export async function startBackend(name: string, address: string): Promise<Backend> {
  const b = newBackend(name, address);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', path: req.url ?? '', authority: req.headers.host ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() });
      b.inFlight++;
      b.maxInFlight = Math.max(b.maxInFlight, b.inFlight);
      res.once('close', () => b.inFlight--);
      answer(b, modeOf(b, req), res, req.socket);
    });
  });
  server.on('connection', () => b.connections++);
  const received = b.received;
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, address, () => resolve());
  });
  b.port = (server.address() as net.AddressInfo).port;
  b.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return b;
}

/** An h2c backend (gRPC-style answers: `grpc:<status>` trailers-only, `refuse` = RST_STREAM REFUSED_STREAM). */
export async function startH2Backend(name: string, address: string): Promise<Backend> {
  const b = newBackend(name, address);
  const server = http2.createServer();
  server.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      b.received.push({ method: String(headers[':method']), path: String(headers[':path']), authority: String(headers[':authority']), headers: headers as http.IncomingHttpHeaders, body: Buffer.concat(chunks).toString() });
      const mode = modeOf(b, { headers: headers as http.IncomingHttpHeaders, url: String(headers[':path']) });
      if (mode === 'refuse') stream.close(http2.constants.NGHTTP2_REFUSED_STREAM);
      else if (mode === 'reset') stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
      else if (mode === 'hang') return;
      else if (mode.startsWith('grpc:')) stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': mode.slice(5), 'x-backend': name }, { endStream: true });
      else if (mode.startsWith('status:')) stream.respond({ ':status': Number(mode.slice(7)), 'x-backend': name }, { endStream: true });
      else {
        stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'x-backend': name }, { waitForTrailers: true });
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
        stream.end(JSON.stringify({ backend: name }));
      }
    });
    stream.on('error', () => {});
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, address, () => resolve());
  });
  b.port = (server.address() as net.AddressInfo).port;
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (s) => {
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
  });
  b.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sessions) s.destroy();
      server.close(() => resolve());
    });
  return b;
}

/** Starts `n` HTTP/1.1 backends named a, b, c, ... on 127.0.0.2, 127.0.0.3, ... */
export async function startBackends(n: number, firstOctet = 2): Promise<Backend[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => startBackend(String.fromCharCode(97 + i), `127.0.0.${firstOctet + i}`)));
}

export async function closeAll(list: readonly Backend[]): Promise<void> {
  await Promise.all(list.map((b) => b.close()));
}

/** Requests received per backend name. */
export function hitsByName(list: readonly Backend[]): Record<string, number> {
  return Object.fromEntries(list.map((b) => [b.name, b.hits]));
}
