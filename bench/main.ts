/**
 * Benchmark dispatcher: `npm run bench -- <scenario> [args]`. Scenarios live in one table and are
 * imported lazily, so a scenario whose module is missing or broken does not stop the others. To add
 * one, add a line: name → () => import('./file.ts') plus the exported function's name; the function
 * takes the remaining arguments and resolves to the report text.
 */

type Runner = (args: string[]) => Promise<string>;

interface Scenario {
  summary: string;
  load: () => Promise<Record<string, unknown>>;
  /** Name of the exported runner in the module. */
  run: string;
}

export const SCENARIOS: Record<string, Scenario> = {
  validate: { summary: 'decode + validate a generated tree of 10,000 mixed resources', load: () => import('./validate.ts'), run: 'runValidateBench' },
  generate: { summary: 'generate Envoy resources for every proxy of a large mesh', load: () => import('./generate.ts' as string), run: 'runGenerateBench' },
  proxy: { summary: 'requests/s and latency through the TypeScript proxy', load: () => import('./proxy.ts' as string), run: 'runProxyBench' },
  xds: { summary: 'ADS pushes to many connected proxies', load: () => import('./xds.ts' as string), run: 'runXdsBench' },
  analyze: { summary: 'cross-resource analysis of a large configuration', load: () => import('./analyze.ts' as string), run: 'runAnalyzeBench' },
  peers: { summary: 'Sextant proxy beside nginx, HAProxy, Caddy and Node proxies (S1–S6; --help)', load: () => import('./peers.ts'), run: 'runPeersBench' },
};

function usage(): string {
  const lines = ['Usage: npm run bench -- <scenario> [args]', '', 'Scenarios:'];
  for (const [name, s] of Object.entries(SCENARIOS)) lines.push(`  ${name.padEnd(10)} ${s.summary}`);
  return lines.join('\n');
}

export async function runBench(argv: string[]): Promise<{ code: number; out: string }> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') return { code: name ? 0 : 2, out: usage() };
  const scenario = Object.prototype.hasOwnProperty.call(SCENARIOS, name) ? SCENARIOS[name] : undefined;
  if (!scenario) return { code: 2, out: `unknown benchmark scenario "${name}"; known: ${Object.keys(SCENARIOS).join(', ')}\n\n${usage()}` };
  let mod: Record<string, unknown>;
  try {
    mod = await scenario.load();
  } catch (e) {
    return { code: 1, out: `benchmark scenario "${name}" is not available: ${(e as Error).message}` };
  }
  const run = mod[scenario.run];
  if (typeof run !== 'function') return { code: 1, out: `benchmark scenario "${name}": its module does not export ${scenario.run}()` };
  return { code: 0, out: await (run as Runner)(rest) };
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('bench/main.ts')) {
  const { code, out } = await runBench(process.argv.slice(2));
  (code === 0 ? process.stdout : process.stderr).write(out + '\n');
  process.exitCode = code;
}
