/**
 * Turns a TypeScript runner (bench/peers/runners/*.ts) into something `node` starts without a
 * loader. By default each runner is bundled once per harness run with esbuild (present as tsx's
 * own dependency) into node_modules/.cache/sextant-bench/, packages left external, so every Node
 * peer — Sextant included — runs as plain JavaScript the way it would be deployed, with no loader
 * thread or esbuild service inflating its CPU and memory. `--loader tsx` runs the .ts source through
 * tsx instead (profiles then name the original files).
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export type LoaderMode = 'bundle' | 'tsx';

const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(HERE, '../..');
const CACHE = join(REPO_ROOT, 'node_modules/.cache/sextant-bench');
const built = new Map<string, Promise<string>>();

/** Node arguments that start runners/<name>.ts: [...execArgv, script]. */
export async function runnerCommand(name: string, mode: LoaderMode): Promise<string[]> {
  const source = join(HERE, 'runners', `${name}.ts`);
  // Resolved here: the runner's working directory is a temporary one, with no node_modules.
  if (mode === 'tsx') return ['--import', pathToFileURL(createRequire(join(REPO_ROOT, 'package.json')).resolve('tsx')).href, source];
  let p = built.get(name);
  if (!p) {
    p = bundle(source, join(CACHE, `${name}.mjs`));
    built.set(name, p);
  }
  return [await p];
}

interface EsbuildApi {
  build(options: Record<string, unknown>): Promise<{ errors: unknown[] }>;
}

async function bundle(source: string, outfile: string): Promise<string> {
  mkdirSync(CACHE, { recursive: true });
  const esbuildPath = createRequire(createRequire(join(REPO_ROOT, 'package.json')).resolve('tsx')).resolve('esbuild');
  const esbuild = (await import(esbuildPath)) as EsbuildApi & { default?: EsbuildApi };
  const api = esbuild.default ?? esbuild;
  await api.build({
    entryPoints: [source],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'error',
  });
  return outfile;
}
