/**
 * istiod's HTTP monitoring port: /ready, /metrics (Prometheus), /debug/syncz, /debug/config_dump
 * ?proxyID=pod.ns, /debug/push_status, /debug/adsz (connections and their subscriptions). JSON
 * everywhere except /metrics; unknown paths are 404 with the list of endpoints.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { DiscoveryServer } from './discovery-server.ts';
import { configDump, findConnection, pushStatus, syncz } from './status.ts';

const ENDPOINTS = ['/ready', '/metrics', '/debug/syncz', '/debug/config_dump?proxyID=POD.NAMESPACE', '/debug/push_status', '/debug/adsz'];

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, null, 2) + '\n';
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function adsz(server: DiscoveryServer): unknown {
  return [...server.connections.values()].map((c) => ({
    connectionId: c.conId,
    node: c.proxy.nodeId,
    protocol: c.protocol,
    connectedAt: new Date(c.connectedAt).toISOString(),
    labels: c.proxy.labels,
    watches: Object.fromEntries([...c.watches.values()].map((w) => [w.kind.short, w.names === null ? '*' : [...w.names]])),
    nacks: c.nacks.map((n) => ({ ...n, at: new Date(n.at).toISOString() })),
  }));
}

async function handle(server: DiscoveryServer, ready: () => boolean, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  switch (url.pathname) {
    case '/ready':
      res.writeHead(ready() ? 200 : 503, { 'content-type': 'text/plain' });
      res.end(ready() ? 'ready\n' : 'not ready\n');
      return;
    case '/metrics':
      res.writeHead(200, { 'content-type': server.metrics.registry.contentType });
      res.end(await server.metrics.registry.metrics());
      return;
    case '/debug/syncz':
      return json(res, 200, syncz(server));
    case '/debug/push_status':
      return json(res, 200, pushStatus(server));
    case '/debug/adsz':
      return json(res, 200, adsz(server));
    case '/debug/config_dump': {
      const id = url.searchParams.get('proxyID');
      if (!id) return json(res, 400, { error: 'proxyID is required, e.g. /debug/config_dump?proxyID=istio-ingressgateway-abc.istio-system' });
      const conn = findConnection(server, id);
      if (!conn) return json(res, 404, { error: `proxy ${id} is not connected`, connected: [...server.connections.values()].map((c) => c.proxy.id) });
      return json(res, 200, configDump(conn));
    }
    default:
      return json(res, 404, { error: `no such endpoint ${url.pathname}`, endpoints: ENDPOINTS });
  }
}

/** The debug/monitoring HTTP server for a DiscoveryServer (not yet listening). */
export function createDebugServer(server: DiscoveryServer, ready: () => boolean): Server {
  return createServer((req, res) => {
    handle(server, ready, req, res).catch((e: Error) => {
      if (!res.headersSent) json(res, 500, { error: e.message });
      else res.destroy();
    });
  });
}
