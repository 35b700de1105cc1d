/**
 * The origin every peer forwards to: two ports (upstreams a and b) answering each request with the
 * same fixed 1 KB body. nginx when installed (one worker), else the tiny Node server in its own
 * process; pinned to the origin core, apart from the proxy under test.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findExecutable, freePort, spawnPinned, stopChild, waitForPort, type CorePlan } from './env.ts';
import { nginxOriginConf, startNginx } from './peer-kinds/nginx.ts';
import { runnerCommand, type LoaderMode } from './runner-build.ts';

export interface Origin {
  kind: string;
  ports: [number, number];
  pid: number;
  stop(): Promise<void>;
}

export async function startOrigin(plan: CorePlan, loader: LoaderMode): Promise<Origin> {
  const ports: [number, number] = [await freePort(), await freePort()];
  if (findExecutable('nginx')) {
    const dir = mkdtempSync(join(tmpdir(), 'sextant-origin-'));
    const run = await startNginx(plan, plan.origin, dir, nginxOriginConf(dir, ports), ports[1]);
    await waitForPort(ports[0], 10_000);
    return { kind: 'nginx (1 worker, `return 200` of 1 KB)', ports, ...run };
  }
  const cmd = await runnerCommand('origin-server', loader);
  const child = spawnPinned(plan, plan.origin, process.execPath, [...cmd, String(ports[0]), String(ports[1])]);
  await waitForPort(ports[0], 30_000, child);
  await waitForPort(ports[1], 30_000, child);
  return { kind: `node:http ${process.version} (nginx not found; install: apt-get install nginx)`, ports, pid: child.pid!, stop: () => stopChild(child) };
}
