/** Command-line options of `npm run bench -- peers`, parsed and checked. */
import { parseArgs } from 'node:util';
import { parseScenarioList, type ScenarioId } from './scenarios.ts';
import type { LoaderMode } from './runner-build.ts';

export interface PeersArgs {
  scenarios: ScenarioId[];
  repeat: number;
  seconds: number;
  warmupSeconds: number;
  rate: number;
  /** Peer ids to run (default: all). */
  peers?: string[];
  loader: LoaderMode;
  /** Directory for Sextant's CPU profiles (--cpu-prof), when set. */
  profileDir?: string;
  /** nice value for every process started (negative = ahead of other work; needs root). */
  nice: number;
  /** Render a saved run (bench/results/*.json) instead of measuring. */
  from?: string;
  /** Markdown file to update; undefined with --no-write. */
  out?: string;
  help: boolean;
}

export const USAGE = `Usage: npm run bench -- peers [options]
  --scenarios S1,S2,...  which scenarios (default: all of S1,S2,S3,S4,S5,S6)
  --repeat N             repeats per peer and case, median reported (default 3)
  --duration SECONDS     length of each measured run (default 10)
  --warmup SECONDS       unmeasured load before each measurement (default 2)
  --rate N               request rate of the fixed-rate latency runs, req/s (default 2000)
  --peers a,b            only these peers: sextant,nginx,haproxy,caddy,fastify,http-proxy,node
  --loader bundle|tsx    how Node runners start: esbuild bundle (default) or the tsx loader
  --profile DIR          write Sextant's --cpu-prof profiles into DIR
  --nice=N               run peers, origin and load generator at nice N (e.g. --nice=-5 on a busy machine)
  --out FILE             Markdown file to update (default docs/benchmarks.md)
  --from FILE            render a saved run (bench/results/peers-*.json) again, measuring nothing
  --no-write             print the tables only; leave docs/ alone`;

function positive(name: string, v: string | undefined, dflt: number, min = 1): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min} (got "${v}")`);
  return n;
}

function niceValue(v: string | undefined): number {
  if (v === undefined) return 0;
  const n = Number(v);
  if (!Number.isInteger(n) || n < -20 || n > 19) throw new Error(`--nice must be an integer in [-20, 19] (got "${v}")`);
  return n;
}

export function parsePeersArgs(args: string[]): PeersArgs {
  const { values } = parseArgs({
    args,
    allowPositionals: false,
    options: {
      scenarios: { type: 'string' },
      repeat: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      rate: { type: 'string' },
      peers: { type: 'string' },
      loader: { type: 'string' },
      profile: { type: 'string' },
      nice: { type: 'string' },
      out: { type: 'string' },
      from: { type: 'string' },
      'no-write': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const loader = (values.loader ?? 'bundle') as LoaderMode;
  if (loader !== 'bundle' && loader !== 'tsx') throw new Error(`--loader must be bundle or tsx (got "${values.loader}")`);
  return {
    scenarios: parseScenarioList(values.scenarios),
    repeat: Math.round(positive('repeat', values.repeat, 3)),
    seconds: positive('duration', values.duration, 10),
    warmupSeconds: positive('warmup', values.warmup, 2, 0),
    rate: positive('rate', values.rate, 2000),
    peers: values.peers?.split(',').map((s) => s.trim()).filter(Boolean),
    loader,
    profileDir: values.profile,
    nice: niceValue(values.nice),
    from: values.from,
    out: values['no-write'] ? undefined : (values.out ?? 'docs/benchmarks.md'),
    help: values.help ?? false,
  };
}
