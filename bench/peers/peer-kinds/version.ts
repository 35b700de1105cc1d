/** Version strings of the external peers and npm packages, read once, for table labels. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findExecutable } from '../env.ts';
import { REPO_ROOT } from '../runner-build.ts';

const cache = new Map<string, string>();

/** First match of `pattern` in `cmd args` output (stdout + stderr), or '' when it cannot be run. */
export function toolVersion(cmd: string, args: string[], pattern: RegExp): string {
  const key = `${cmd} ${args.join(' ')}`;
  if (!cache.has(key)) {
    let v = '';
    const file = findExecutable(cmd);
    if (file) {
      const r = spawnSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 });
      v = pattern.exec(`${r.stdout ?? ''}${r.stderr ?? ''}`)?.[1] ?? '';
    }
    cache.set(key, v);
  }
  return cache.get(key)!;
}

/** Version of an installed npm package ('' when absent). */
export function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '';
  }
}
