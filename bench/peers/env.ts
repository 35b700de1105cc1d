/**
 * The machine the peers benchmark runs on: which executables exist (nginx, haproxy, caddy, wrk,
 * h2load, taskset), how to install a missing one, how cores are split between the proxy under
 * test, the origin and the load generator, and helpers to start pinned child processes, find free
 * ports and wait for a listener.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import net from 'node:net';
import { availableParallelism } from 'node:os';
import { delimiter, join } from 'node:path';

/** How to get each external tool on Debian/Ubuntu (the harness only detects; it never installs). */
export const INSTALL_HINT: Record<string, string> = {
  nginx: 'apt-get install nginx',
  haproxy: 'apt-get install haproxy',
  caddy: 'apt-get install caddy',
  wrk: 'apt-get install wrk',
  h2load: 'apt-get install nghttp2-client',
  taskset: 'apt-get install util-linux',
};

const EXTRA_DIRS = ['/usr/local/sbin', '/usr/sbin', '/sbin'];
const found = new Map<string, string | undefined>();

/** Absolute path of an executable on PATH (or in the sbin directories), else undefined. */
export function findExecutable(name: string): string | undefined {
  if (found.has(name)) return found.get(name);
  let hit: string | undefined;
  for (const dir of [...(process.env.PATH ?? '').split(delimiter), ...EXTRA_DIRS]) {
    if (!dir) continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      hit = join(dir, name);
      break;
    } catch {
      // not here
    }
  }
  found.set(name, hit);
  return hit;
}

/** Which core each role gets. With taskset and ≥ 2 cores the proxy has a core to itself. */
export interface CorePlan {
  pinned: boolean;
  /** Scheduling priority (nice) of every process the harness starts; 0 leaves it alone. */
  nice?: number;
  cores: number;
  proxy: number;
  origin: number;
  load: number;
}

export function corePlan(): CorePlan {
  const cores = availableParallelism();
  const pinned = cores >= 2 && findExecutable('taskset') !== undefined;
  if (!pinned) return { pinned, cores, proxy: 0, origin: 0, load: 0 };
  return { pinned, cores, proxy: cores - 1, load: 0, origin: cores >= 3 ? 1 : 0 };
}

export function describeCores(plan: CorePlan): string {
  if (!plan.pinned) {
    return plan.cores < 2
      ? `${plan.cores} core: nothing pinned (the proxy shares its core with the load generator)`
      : `taskset not found (${INSTALL_HINT.taskset}): nothing pinned`;
  }
  const nice = plan.nice ? `, all at nice ${plan.nice}` : '';
  return `proxy on core ${plan.proxy}; origin on core ${plan.origin}; load generator on core ${plan.load} (taskset${nice})`;
}

/**
 * The command line that runs `cmd args` on `core` (taskset) at the plan's priority (nice). Both
 * tools exec the command, so the pid stays the command's own.
 */
export function pinnedCommand(plan: CorePlan, core: number, cmd: string, args: string[]): [string, string[]] {
  let line = [cmd, ...args];
  const nice = findExecutable('nice');
  if (plan.nice && nice) line = [nice, '-n', String(plan.nice), ...line];
  if (plan.pinned) line = [findExecutable('taskset')!, '-c', String(core), ...line];
  return [line[0], line.slice(1)];
}

/** Starts a child process, pinned to one core when the plan allows it. stderr is kept (last 4 KB). */
export function spawnPinned(plan: CorePlan, core: number, cmd: string, args: string[], opts: SpawnOptions = {}): ChildProcess & { stderrTail: () => string } {
  const [file, argv] = pinnedCommand(plan, core, cmd, args);
  const child = spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], ...opts }) as ChildProcess & { stderrTail: () => string };
  live.add(child);
  child.once('exit', () => live.delete(child));
  let tail = '';
  const keep = (b: Buffer): void => {
    tail = (tail + b.toString()).slice(-4096);
  };
  child.stderr?.on('data', keep);
  child.stdout?.on('data', keep);
  child.stderrTail = () => tail;
  return child;
}

const live = new Set<ChildProcess>();

/** Kills (SIGKILL) every child spawnPinned started that is still running: for an interrupted run. */
export function killLiveChildren(): void {
  for (const c of live) c.kill('SIGKILL');
  live.clear();
}

/** A TCP port free on 127.0.0.1 at the time of the call. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function tryConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Resolves when 127.0.0.1:port accepts a connection; rejects after timeoutMs or if the child exits. */
export async function waitForPort(port: number, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`exited with code ${child.exitCode} before listening on ${port}`);
    if (await tryConnect(port)) return;
    await sleep(50);
  }
  throw new Error(`nothing listening on 127.0.0.1:${port} after ${timeoutMs} ms`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Sends SIGTERM, then SIGKILL after graceMs; resolves when the child has exited. */
export async function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
