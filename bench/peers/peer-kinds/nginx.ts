/**
 * nginx as a peer (one worker: `worker_processes 1`) and as the shared origin. The peer renders the
 * route table as one `server` per virtual host with one `location` per path prefix, `proxy_pass` to
 * an `upstream` block with keep-alive connections; a default server answers 404.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findExecutable, INSTALL_HINT, spawnPinned, stopChild, waitForPort, type CorePlan } from '../env.ts';
import type { Peer, PeerSpec, RunningPeer } from '../peer.ts';
import { toolVersion } from './version.ts';

const BODY_1K = 'x'.repeat(1024);

function common(dir: string): string {
  return [
    'worker_processes 1;',
    'daemon off;',
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'error.log')} error;`,
    'events { worker_connections 8192; multi_accept on; }',
  ].join('\n');
}

function httpCommon(dir: string): string {
  return [
    'access_log off;',
    'keepalive_requests 10000000;',
    'keepalive_timeout 300s;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${join(dir, `${t}_temp`)};`),
  ].join('\n  ');
}

/** nginx.conf of the peer for a spec. */
export function nginxProxyConf(spec: PeerSpec): string {
  const { table, port, tls, h2c, workDir } = spec;
  const listen = `listen 127.0.0.1:${port}${tls ? ' ssl' : ''}${h2c ? ' http2' : ''}`;
  const lines: string[] = [common(workDir), 'http {', `  ${httpCommon(workDir)}`];
  lines.push('  server_names_hash_max_size 16384;', '  server_names_hash_bucket_size 128;');
  lines.push('  proxy_http_version 1.1;', '  proxy_set_header Connection "";');
  // nginx before 1.23.4 (Debian 12 ships 1.22) offers TLS 1.0–1.2 only; every other peer offers 1.2
  // and 1.3. The same protocol range as theirs (and as newer nginx's default) keeps the handshakes
  // the same work: a TLS 1.2 resumption skips the key exchange that TLS 1.3 always makes.
  if (tls) lines.push(`  ssl_certificate ${tls.cert};`, `  ssl_certificate_key ${tls.key};`, '  ssl_protocols TLSv1.2 TLSv1.3;');
  for (const u of table.upstreams) lines.push(`  upstream ${u.name} { server 127.0.0.1:${u.port}; keepalive 64; }`);
  lines.push(`  server { ${listen} default_server; server_name _; return 404; }`);
  for (const vh of table.hosts) {
    const locations = vh.routes.map((r) => `location ${r.prefix} { proxy_pass http://${table.upstreams[r.upstream].name}; }`);
    lines.push(`  server { ${listen}; server_name ${vh.host}; ${locations.join(' ')} }`);
  }
  lines.push('}', '');
  return lines.join('\n');
}

/** nginx.conf of the origin: every request on each port gets the same 1 KB body. */
export function nginxOriginConf(dir: string, ports: number[]): string {
  const listens = ports.map((p) => `listen 127.0.0.1:${p} reuseport;`).join(' ');
  return [common(dir), 'http {', `  ${httpCommon(dir)}`, '  default_type text/plain;', `  server { ${listens} location / { return 200 "${BODY_1K}"; } }`, '}', ''].join('\n');
}

/** Starts nginx with a config file on a core; resolves once `port` accepts connections. */
export async function startNginx(plan: CorePlan, core: number, dir: string, conf: string, port: number): Promise<RunningPeer> {
  const file = join(dir, 'nginx.conf');
  writeFileSync(file, conf);
  const child = spawnPinned(plan, core, findExecutable('nginx')!, ['-p', dir, '-e', join(dir, 'error.log'), '-c', file]);
  try {
    await waitForPort(port, 30_000, child);
  } catch (e) {
    await stopChild(child);
    throw new Error(`nginx did not start: ${(e as Error).message}\n${child.stderrTail()}`);
  }
  return { pid: child.pid!, stop: () => stopChild(child) };
}

/** `nginx -t` on a config (used by the unit test when nginx is installed). */
export function nginxConfigTest(dir: string, conf: string): void {
  const file = join(dir, 'nginx-test.conf');
  writeFileSync(file, conf);
  execFileSync(findExecutable('nginx')!, ['-t', '-q', '-p', dir, '-e', join(dir, 'error.log'), '-c', file], { stdio: ['ignore', 'ignore', 'pipe'] });
}

export const nginxPeer: Peer = {
  id: 'nginx',
  label: () => `nginx ${toolVersion('nginx', ['-v'], /nginx\/(\S+)/)}`.trim(),
  unavailable: () => (findExecutable('nginx') ? undefined : `nginx not found: skipped (install: ${INSTALL_HINT.nginx})`),
  unsupported: () => undefined,
  start: (spec) => startNginx(spec.plan, spec.plan.proxy, spec.workDir, nginxProxyConf(spec), spec.port),
};
