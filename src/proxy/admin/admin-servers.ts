/**
 * The proxy's own HTTP endpoints: the admin server (15000: `/config_dump`, `/ready`, `/stats`,
 * `/stats/prometheus`, `/clusters`, `/listeners`, `/server_info`), the Prometheus endpoint
 * (15090: `/stats/prometheus` with istio_* and envoy_* series) and the readiness endpoint
 * (15021: `/healthz/ready`, 200 only once the first full configuration serves).
 */
import http from 'node:http';
import type net from 'node:net';
import type { AdminSource } from './admin-source.ts';

type Handler = (url: URL, res: http.ServerResponse) => Promise<void> | void;

function send(res: http.ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-cache, max-age=0' });
  res.end(body);
}

function serve(routes: Record<string, Handler>): http.Server {
  return http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://admin');
    const h = routes[url.pathname];
    if (!h) {
      send(res, 404, 'text/plain', `no such endpoint ${url.pathname}; try: ${Object.keys(routes).join(' ')}\n`);
      return;
    }
    Promise.resolve(h(url, res)).catch((e: Error) => send(res, 500, 'text/plain', `${e.message}\n`));
  });
}

const PROM = 'text/plain; version=0.0.4; charset=utf-8';

export function adminServer(src: AdminSource): http.Server {
  return serve({
    '/': (_u, res) => send(res, 200, 'text/plain', 'admin commands: /config_dump /ready /stats /stats/prometheus /clusters /listeners /server_info\n'),
    '/ready': (_u, res) => (src.ready() ? send(res, 200, 'text/plain', 'LIVE\n') : send(res, 503, 'text/plain', 'PRE_INITIALIZING\n')),
    '/config_dump': (u, res) => send(res, 200, 'application/json', JSON.stringify(src.configDump(u.searchParams), null, 2) + '\n'),
    '/stats': async (_u, res) => send(res, 200, 'text/plain', await src.statsText()),
    '/stats/prometheus': async (_u, res) => send(res, 200, PROM, await src.prometheusText()),
    '/clusters': async (_u, res) => send(res, 200, 'text/plain', await src.clustersText()),
    '/listeners': (_u, res) => send(res, 200, 'text/plain', src.listenersText()),
    '/server_info': (_u, res) => send(res, 200, 'application/json', JSON.stringify(src.serverInfo(), null, 2) + '\n'),
  });
}

export function statsServer(src: AdminSource): http.Server {
  return serve({
    '/stats/prometheus': async (_u, res) => send(res, 200, PROM, await src.prometheusText()),
  });
}

export function readinessServer(src: AdminSource): http.Server {
  return serve({
    '/healthz/ready': (_u, res) => (src.ready() ? send(res, 200, 'text/plain', '') : send(res, 503, 'text/plain', 'not ready: no configuration applied yet\n')),
  });
}

export function listen(server: http.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.removeListener('error', reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

export function close(server: http.Server | undefined): Promise<void> {
  if (!server) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
