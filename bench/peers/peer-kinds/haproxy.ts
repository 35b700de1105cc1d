/**
 * HAProxy as a peer (one thread: `nbthread 1`). Host + path routing is HAProxy's idiomatic map:
 * `use_backend %[base,map_beg(routes.map)]` where `base` is Host + path and the map holds one line
 * per route (`svc-3.bench.local/api-2/ origin_a`); unknown requests get 404 from a backend that
 * answers it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findExecutable, INSTALL_HINT, spawnPinned, stopChild, waitForPort } from '../env.ts';
import type { Peer, PeerSpec, RunningPeer } from '../peer.ts';
import { toolVersion } from './version.ts';

export function haproxyMap(spec: PeerSpec): string {
  const { table } = spec;
  const lines: string[] = [];
  for (const vh of table.hosts) for (const r of vh.routes) lines.push(`${vh.host}${r.prefix} ${table.upstreams[r.upstream].name}`);
  return lines.join('\n') + '\n';
}

export function haproxyConf(spec: PeerSpec, mapFile: string): string {
  const { table, port, tls, h2c } = spec;
  const bind = `bind 127.0.0.1:${port}${tls ? ` ssl crt ${tls.combined} alpn http/1.1` : ''}${h2c ? ' proto h2' : ''}`;
  const lines = [
    'global',
    '  nbthread 1',
    '  maxconn 4096',
    '  tune.ssl.default-dh-param 2048',
    'defaults',
    '  mode http',
    '  timeout connect 5s',
    '  timeout client 120s',
    '  timeout server 120s',
    '  timeout http-keep-alive 120s',
    'frontend fe',
    `  ${bind}`,
    `  use_backend %[base,map_beg(${mapFile})]`,
    '  default_backend not_found',
    'backend not_found',
    '  http-request return status 404',
  ];
  for (const u of table.upstreams) lines.push(`backend ${u.name}`, `  server s0 127.0.0.1:${u.port}`);
  return lines.join('\n') + '\n';
}

async function start(spec: PeerSpec): Promise<RunningPeer> {
  const mapFile = join(spec.workDir, 'routes.map');
  const cfgFile = join(spec.workDir, 'haproxy.cfg');
  writeFileSync(mapFile, haproxyMap(spec));
  writeFileSync(cfgFile, haproxyConf(spec, mapFile));
  const child = spawnPinned(spec.plan, spec.plan.proxy, findExecutable('haproxy')!, ['-db', '-f', cfgFile]);
  try {
    await waitForPort(spec.port, 30_000, child);
  } catch (e) {
    await stopChild(child);
    throw new Error(`haproxy did not start: ${(e as Error).message}\n${child.stderrTail()}`);
  }
  return { pid: child.pid!, stop: () => stopChild(child) };
}

export const haproxyPeer: Peer = {
  id: 'haproxy',
  label: () => `HAProxy ${toolVersion('haproxy', ['-v'], /version (\d[\w.]*)/)}`.trim(),
  unavailable: () => (findExecutable('haproxy') ? undefined : `haproxy not found: skipped (install: ${INSTALL_HINT.haproxy})`),
  unsupported: () => undefined,
  start,
};
