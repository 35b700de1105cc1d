/**
 * The Sextant proxy as a peer: runners/sextant.ts in its own process pinned to the proxy core,
 * `concurrency: 1`. Skipped with a clear line while src/proxy/proxy.ts does not exist.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Peer } from '../peer.ts';
import { REPO_ROOT } from '../runner-build.ts';
import { startRunner } from './node-runners.ts';

function version(): string {
  try {
    return (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '';
  }
}

export const sextantPeer: Peer = {
  id: 'sextant',
  label: () => `Sextant ${version()}`.trim(),
  unavailable: () => (existsSync(join(REPO_ROOT, 'src/proxy/proxy.ts')) ? undefined : 'Sextant proxy (src/proxy/proxy.ts) not present in this tree: skipped'),
  unsupported: () => undefined,
  start: (spec) => startRunner('sextant', spec, { concurrency: 1 }),
};
