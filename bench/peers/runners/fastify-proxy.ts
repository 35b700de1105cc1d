/**
 * The `@fastify/http-proxy` peer (undici underneath). One registration on `/` whose `preHandler`
 * does the host + path-prefix lookup (404 when nothing matches) and whose `replyOptions.getUpstream`
 * sends the request to the matched upstream — the way to route many hosts with this plugin, since
 * one registration per route with a `host` constraint stops at 31 hosts per path in fastify's
 * router (find-my-way). HTTPS with fastify's `https` option, h2c with `http2: true`.
 */
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import httpProxy from '@fastify/http-proxy';
import { hostIndex, type RouteEntry } from '../route-table.ts';
import { exitOnSignal, hostOnly, readRunnerConfig } from './runner-config.ts';

const cfg = readRunnerConfig();
const index = hostIndex(cfg.table);
const upstreams = cfg.table.upstreams.map((u) => `http://127.0.0.1:${u.port}`);
const routeOf = new WeakMap<object, RouteEntry>();

const opts: Record<string, unknown> = { logger: false, keepAliveTimeout: 120_000, forceCloseConnections: true };
if (cfg.h2c) opts.http2 = true;
if (cfg.tls) opts.https = { cert: readFileSync(cfg.tls.cert), key: readFileSync(cfg.tls.key) };
const app = Fastify(opts as Parameters<typeof Fastify>[0]);

function preHandler(req: FastifyRequest, reply: FastifyReply, done: () => void): void {
  const authority = (req.headers[':authority'] as string | undefined) ?? req.headers.host;
  const path = req.url;
  const route = index.get(hostOnly(authority))?.find((r) => path.startsWith(r.prefix));
  if (!route) {
    void reply.code(404).send();
    return;
  }
  routeOf.set(req, route);
  done();
}

await app.register(httpProxy, {
  upstream: upstreams[0] ?? 'http://127.0.0.1:9',
  prefix: '/',
  http2: false,
  preHandler,
  replyOptions: { getUpstream: (req: object, base: string) => upstreams[routeOf.get(req)?.upstream ?? -1] ?? base },
});
await app.listen({ port: cfg.port, host: '127.0.0.1' });
process.stdout.write(`listening ${cfg.port}\n`);
exitOnSignal(() => app.close());
