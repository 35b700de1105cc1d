/**
 * Caddy as a peer (one OS thread for Go code: GOMAXPROCS=1), configured with JSON the way its
 * Caddyfile would adapt: one route per virtual host matching `host`, holding a subroute with one
 * `path` matcher + `reverse_proxy` per path prefix. Admin endpoint off, automatic HTTPS off; TLS
 * with the harness's certificate loaded from files.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findExecutable, INSTALL_HINT, spawnPinned, stopChild, waitForPort } from '../env.ts';
import type { Peer, PeerSpec, RunningPeer } from '../peer.ts';
import { toolVersion } from './version.ts';

export function caddyConfig(spec: PeerSpec): Record<string, unknown> {
  const { table, port, tls, h2c } = spec;
  const routes = table.hosts.map((vh) => ({
    match: [{ host: [vh.host] }],
    handle: [{
      handler: 'subroute',
      routes: vh.routes.map((r) => ({
        match: [{ path: [`${r.prefix}*`] }],
        handle: [{ handler: 'reverse_proxy', upstreams: [{ dial: `127.0.0.1:${table.upstreams[r.upstream].port}` }] }],
      })),
    }],
    terminal: true,
  }));
  routes.push({ match: [], handle: [{ handler: 'static_response', status_code: 404 } as never], terminal: true } as never);
  const server: Record<string, unknown> = {
    listen: [`127.0.0.1:${port}`],
    routes,
    automatic_https: { disable: true },
    protocols: h2c ? ['h1', 'h2', 'h2c'] : ['h1', 'h2'],
  };
  const config: Record<string, unknown> = {
    admin: { disabled: true },
    logging: { logs: { default: { level: 'ERROR' } } },
    apps: { http: { servers: { bench: server } } } as Record<string, unknown>,
  };
  if (tls) {
    server.tls_connection_policies = [{ certificate_selection: { any_tag: ['bench'] }, alpn: ['http/1.1'] }];
    (config.apps as Record<string, unknown>).tls = { certificates: { load_files: [{ certificate: tls.cert, key: tls.key, tags: ['bench'] }] } };
  }
  return config;
}

async function start(spec: PeerSpec): Promise<RunningPeer> {
  const file = join(spec.workDir, 'caddy.json');
  writeFileSync(file, JSON.stringify(caddyConfig(spec)));
  const env = { ...process.env, GOMAXPROCS: '1', HOME: spec.workDir, XDG_CONFIG_HOME: spec.workDir, XDG_DATA_HOME: spec.workDir };
  const child = spawnPinned(spec.plan, spec.plan.proxy, findExecutable('caddy')!, ['run', '--config', file], { env });
  try {
    await waitForPort(spec.port, 60_000, child);
  } catch (e) {
    await stopChild(child);
    throw new Error(`caddy did not start: ${(e as Error).message}\n${child.stderrTail()}`);
  }
  return { pid: child.pid!, stop: () => stopChild(child) };
}

export const caddyPeer: Peer = {
  id: 'caddy',
  label: () => `Caddy ${toolVersion('caddy', ['version'], /v?(\d[\w.]*)/)}`.trim(),
  unavailable: () => (findExecutable('caddy') ? undefined : `caddy not found: skipped (install: ${INSTALL_HINT.caddy})`),
  unsupported: () => undefined,
  start,
};
