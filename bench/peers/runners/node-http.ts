/**
 * The plain Node.js proxy peer: `node:http` (or `node:https`, or `node:http2` with prior knowledge)
 * server, an exact host lookup then the first matching path prefix, and `http.request` with one
 * keep-alive Agent per upstream. The least a hand-written Node proxy does, as a floor for the others.
 */
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { hostIndex } from '../route-table.ts';
import { exitOnSignal, hostOnly, readRunnerConfig } from './runner-config.ts';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'http2-settings', 'host']);

const cfg = readRunnerConfig();
const index = hostIndex(cfg.table);
const agents = cfg.table.upstreams.map(() => new http.Agent({ keepAlive: true, maxSockets: 1024 }));

type Req = http.IncomingMessage | http2.Http2ServerRequest;
type Res = http.ServerResponse | http2.Http2ServerResponse;

function forwardHeaders(req: Req, authority: string): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = { host: authority };
  for (const [k, v] of Object.entries(req.headers)) if (k[0] !== ':' && !HOP_BY_HOP.has(k)) out[k] = v;
  return out;
}

function handle(req: Req, res: Res): void {
  const authority = (req.headers[':authority'] as string | undefined) ?? req.headers.host ?? '';
  const path = req.url ?? '/';
  const route = index.get(hostOnly(authority))?.find((r) => path.startsWith(r.prefix));
  if (!route) {
    res.writeHead(404, { 'content-length': '0' });
    res.end();
    return;
  }
  const up = cfg.table.upstreams[route.upstream];
  const upstream = http.request({ host: '127.0.0.1', port: up.port, method: req.method, path, headers: forwardHeaders(req, authority), agent: agents[route.upstream] }, (ures) => {
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(ures.headers)) if (!HOP_BY_HOP.has(k)) headers[k] = v;
    res.writeHead(ures.statusCode ?? 502, headers);
    ures.pipe(res as http.ServerResponse);
  });
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'content-length': '0' });
    res.end();
  });
  (req as http.IncomingMessage).pipe(upstream);
}

const server = cfg.h2c
  ? http2.createServer(handle)
  : cfg.tls
    ? https.createServer({ cert: readFileSync(cfg.tls.cert), key: readFileSync(cfg.tls.key) }, handle)
    : http.createServer(handle);
if (server instanceof http.Server) server.keepAliveTimeout = 120_000;
server.listen(cfg.port, '127.0.0.1', () => process.stdout.write(`listening ${cfg.port}\n`));
exitOnSignal(() => new Promise<void>((r) => server.close(() => r())));
