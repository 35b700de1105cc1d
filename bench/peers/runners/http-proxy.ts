/**
 * The `http-proxy` (node-http-proxy) peer: a `node:http`/`node:https` server doing the same host
 * and path-prefix lookup as the others, forwarding with `proxy.web()` through one keep-alive Agent
 * per upstream. http-proxy has no HTTP/2 server side, so the harness never asks it for h2c.
 */
import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import httpProxy from 'http-proxy';
import { hostIndex } from '../route-table.ts';
import { exitOnSignal, hostOnly, readRunnerConfig } from './runner-config.ts';

const cfg = readRunnerConfig();
if (cfg.h2c) throw new Error('http-proxy cannot serve HTTP/2');
const index = hostIndex(cfg.table);
const targets = cfg.table.upstreams.map((u) => ({ target: `http://127.0.0.1:${u.port}`, agent: new http.Agent({ keepAlive: true, maxSockets: 1024 }) }));
const proxy = httpProxy.createProxyServer({ xfwd: false });
proxy.on('error', (_err, _req, res) => {
  const r = res as http.ServerResponse;
  if (!r.headersSent) r.writeHead?.(502, { 'content-length': '0' });
  r.end?.();
});

function handle(req: http.IncomingMessage, res: http.ServerResponse): void {
  const path = req.url ?? '/';
  const route = index.get(hostOnly(req.headers.host))?.find((r) => path.startsWith(r.prefix));
  if (!route) {
    res.writeHead(404, { 'content-length': '0' });
    res.end();
    return;
  }
  proxy.web(req, res, targets[route.upstream]);
}

const server = cfg.tls ? https.createServer({ cert: readFileSync(cfg.tls.cert), key: readFileSync(cfg.tls.key) }, handle) : http.createServer(handle);
server.keepAliveTimeout = 120_000;
server.listen(cfg.port, '127.0.0.1', () => process.stdout.write(`listening ${cfg.port}\n`));
exitOnSignal(() => new Promise<void>((r) => server.close(() => r())));
