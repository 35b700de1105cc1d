/**
 * HTTP/1.1 requests carrying `Upgrade` (Node hands them over with the raw socket): `h2c` upgrade
 * headers are stripped and the request is served as plain HTTP/1.1, as Envoy does; other upgrade
 * types (WebSocket) become streams the router tunnels when the upgrade is enabled for the route or
 * connection manager, and 403 otherwise. The connection closes after a non-upgraded response.
 */
import http from 'node:http';
import type net from 'node:net';
import type { DownstreamConnection } from '../listener/downstream-connection.ts';
import { ActiveStream } from './active-stream.ts';
import type { HcmConfig } from './hcm-config.ts';

export function upgradeRequest(hcm: HcmConfig, conn: DownstreamConnection, req: http.IncomingMessage, socket: net.Socket, head: Buffer): void {
  const type = String(req.headers.upgrade ?? '').toLowerCase();
  const res = new http.ServerResponse(req);
  res.assignSocket(socket);
  res.shouldKeepAlive = false;
  res.once('finish', () => socket.end());
  const s = new ActiveStream(hcm, conn, req, res);
  if (type === 'h2c' || type === '') {
    delete req.headers.upgrade;
    delete req.headers['http2-settings'];
    if (head.length > 0) req.unshift(head);
  } else {
    s.upgrade = { type, socket, head };
  }
  s.decode();
}
