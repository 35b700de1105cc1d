/**
 * The Node.js peers, each a runner script in its own process pinned to the proxy core: the plain
 * `node:http` proxy, `http-proxy` and `@fastify/http-proxy`. They receive the route table as JSON
 * and do the same host + path lookup.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnPinned, stopChild, waitForPort } from '../env.ts';
import type { Feature, Peer, PeerSpec, RunningPeer } from '../peer.ts';
import { runnerCommand } from '../runner-build.ts';
import type { RunnerConfig } from '../runners/runner-config.ts';
import { packageVersion } from './version.ts';

/** Writes the runner config and starts `node <runner> --config file` on the proxy core. */
export async function startRunner(name: string, spec: PeerSpec, extra: Partial<RunnerConfig> = {}, startMs = 120_000): Promise<RunningPeer> {
  const file = join(spec.workDir, `${name}.json`);
  const cfg: RunnerConfig = { port: spec.port, table: spec.table, h2c: spec.h2c, ...extra };
  if (spec.tls) cfg.tls = { cert: spec.tls.cert, key: spec.tls.key };
  writeFileSync(file, JSON.stringify(cfg));
  const cmd = await runnerCommand(name, spec.loader);
  const child = spawnPinned(spec.plan, spec.plan.proxy, process.execPath, [...(spec.nodeFlags ?? []), ...cmd, '--config', file], { cwd: spec.workDir });
  try {
    await waitForPort(spec.port, startMs, child);
  } catch (e) {
    await stopChild(child);
    throw new Error(`${name} did not start: ${(e as Error).message}\n${child.stderrTail()}`);
  }
  return { pid: child.pid!, stop: () => stopChild(child, 10_000) };
}

function missing(pkg: string): string | undefined {
  return packageVersion(pkg) ? undefined : `npm package ${pkg} not installed: skipped (install: npm ci, it is a devDependency)`;
}

export const nodePeer: Peer = {
  id: 'node',
  label: () => `node:http ${process.version}`,
  unavailable: () => undefined,
  unsupported: () => undefined,
  start: (spec) => startRunner('node-http', spec),
};

export const httpProxyPeer: Peer = {
  id: 'http-proxy',
  label: () => `http-proxy ${packageVersion('http-proxy')}`,
  unavailable: () => missing('http-proxy'),
  unsupported: (f: Feature) => (f.h2c ? 'http-proxy has no HTTP/2 server side' : undefined),
  start: (spec) => startRunner('http-proxy', spec),
};

export const fastifyPeer: Peer = {
  id: 'fastify',
  label: () => `@fastify/http-proxy ${packageVersion('@fastify/http-proxy')} (undici ${packageVersion('undici')})`,
  unavailable: () => missing('@fastify/http-proxy') ?? missing('fastify'),
  unsupported: () => undefined,
  start: (spec) => startRunner('fastify-proxy', spec),
};
