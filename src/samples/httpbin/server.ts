/**
 * The sample backend behind `sextant sample httpbin`: the httpbin endpoints Istio's docs and the
 * seeds use (`/ip`, `/headers`, `/get`, `/status/{codes}`, `/delay/{s}`, `/anything`, `/bytes/{n}`,
 * `/user-agent`, `/uuid`), every response labelled with its version (`x-sextant-version` header
 * and a `version` JSON field) so traffic splitting is visible. Usable in-process: `startHttpbin()`.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type net from 'node:net';
import { anything, args, fullUrl, headersObject, origin } from './responses.ts';

export interface HttpbinOptions {
  port?: number;
  host?: string;
  version?: string;
}

export interface HttpbinServer {
  readonly port: number;
  readonly host: string;
  readonly version: string;
  readonly server: http.Server;
  close(): Promise<void>;
}

const MAX_DELAY_S = 10;

function json(res: http.ServerResponse, status: number, version: string, body: Record<string, unknown>): void {
  const text = JSON.stringify({ ...body, version }, null, 2) + '\n';
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'access-control-allow-origin': '*', 'access-control-allow-credentials': 'true' });
  res.end(text);
}

function pickStatus(spec: string): number | undefined {
  const codes = spec.split(',').map((s) => Number(s.split(':')[0]));
  if (codes.length === 0 || codes.some((c) => !Number.isInteger(c) || c < 100 || c > 599)) return undefined;
  return codes[Math.floor(Math.random() * codes.length)];
}

function handle(req: http.IncomingMessage, res: http.ServerResponse, version: string, body: Buffer): void {
  const url = new URL(req.url ?? '/', 'http://httpbin');
  const path = url.pathname;
  res.setHeader('x-sextant-version', version);
  if (path === '/ip') return json(res, 200, version, { origin: origin(req) });
  if (path === '/headers') return json(res, 200, version, { headers: headersObject(req) });
  if (path === '/user-agent') return json(res, 200, version, { 'user-agent': req.headers['user-agent'] ?? null });
  if (path === '/uuid') return json(res, 200, version, { uuid: randomUUID() });
  if (path === '/get') return json(res, 200, version, { args: args(url), headers: headersObject(req), origin: origin(req), url: fullUrl(req) });
  if (path === '/anything' || path.startsWith('/anything/') || ['/post', '/put', '/patch', '/delete'].includes(path)) return json(res, 200, version, anything(req, url, body));
  const status = /^\/status\/([0-9,:.]+)$/.exec(path);
  if (status) {
    const code = pickStatus(status[1]);
    if (code === undefined) return json(res, 400, version, { error: 'invalid status code' });
    res.writeHead(code, { 'content-length': 0 });
    res.end();
    return;
  }
  const delay = /^\/delay\/(\d+(?:\.\d+)?)$/.exec(path);
  if (delay) {
    const s = Math.min(Number(delay[1]), MAX_DELAY_S);
    const t = setTimeout(() => json(res, 200, version, { args: args(url), headers: headersObject(req), origin: origin(req), url: fullUrl(req) }), s * 1000);
    res.once('close', () => clearTimeout(t));
    return;
  }
  const bytes = /^\/bytes\/(\d+)$/.exec(path);
  if (bytes) {
    const n = Math.min(Number(bytes[1]), 100 * 1024 * 1024);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': n });
    res.end(Buffer.alloc(n, 0x61));
    return;
  }
  if (path === '/') {
    const text = `httpbin (sextant sample, ${version}): /ip /headers /get /status/{code} /delay/{s} /anything /bytes/{n}\n`;
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text) });
    res.end(text);
    return;
  }
  json(res, 404, version, { error: `no such endpoint ${path}` });
}

/** Starts an httpbin on `host:port` (port 0 picks a free one). */
export function startHttpbin(opts: HttpbinOptions = {}): Promise<HttpbinServer> {
  const version = opts.version ?? 'v1';
  const host = opts.host ?? '127.0.0.1';
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, version, Buffer.concat(chunks)));
  });
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.removeListener('error', reject);
      const port = (server.address() as net.AddressInfo).port;
      resolve({
        port,
        host,
        version,
        server,
        close: () =>
          new Promise<void>((r) => {
            server.close(() => r());
            server.closeAllConnections();
          }),
      });
    });
  });
}
