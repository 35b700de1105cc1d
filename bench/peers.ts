/**
 * `npm run bench -- peers [--scenarios S1,S2] [--repeat 3] [--duration 10] ...`: the Sextant proxy
 * side by side with nginx, HAProxy, Caddy, @fastify/http-proxy, http-proxy and a plain Node proxy
 * (issue 5). Detects each peer (a missing one is skipped with a line saying how to install it),
 * starts one origin, runs every scenario with each peer fresh per repeat, and writes a Markdown
 * table per scenario into docs/benchmarks.md plus an SVG chart into docs/benchmarks/. Resolves to
 * the text of the tables. See bench/README.md.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { parsePeersArgs, USAGE, type PeersArgs } from './peers/args.ts';
import { footprintChart, loadChart } from './peers/chart.ts';
import { updateDocs } from './peers/docs-file.ts';
import { corePlan, describeCores, findExecutable, INSTALL_HINT, killLiveChildren } from './peers/env.ts';
import { measureFootprint, measureLoad, type MeasureContext } from './peers/measure.ts';
import { startOrigin } from './peers/origin.ts';
import type { Feature, Peer } from './peers/peer.ts';
import { caddyPeer } from './peers/peer-kinds/caddy.ts';
import { haproxyPeer } from './peers/peer-kinds/haproxy.ts';
import { nginxPeer } from './peers/peer-kinds/nginx.ts';
import { fastifyPeer, httpProxyPeer, nodePeer } from './peers/peer-kinds/node-runners.ts';
import { sextantPeer } from './peers/peer-kinds/sextant.ts';
import { toolVersion } from './peers/peer-kinds/version.ts';
import { procAvailable } from './peers/proc.ts';
import { summariseProfiles } from './peers/profile-top.ts';
import { renderSection } from './peers/report.ts';
import type { FootprintResult, LoadResult, PeerRun, ScenarioResult } from './peers/results.ts';
import { SCENARIOS, type FootprintScenario, type LoadScenario, type ScenarioId } from './peers/scenarios.ts';
import { generateCert, opensslMissing } from './peers/tls-cert.ts';
import { REPO_ROOT } from './peers/runner-build.ts';

export const ALL_PEERS: Peer[] = [sextantPeer, nginxPeer, haproxyPeer, caddyPeer, fastifyPeer, httpProxyPeer, nodePeer];

function log(line: string): void {
  process.stderr.write(`[peers] ${line}\n`);
}

/** The peers that can run here; every other one produces a skip line. */
function selectPeers(args: PeersArgs, skips: string[]): Peer[] {
  const out: Peer[] = [];
  for (const p of ALL_PEERS) {
    if (args.peers && !args.peers.includes(p.id)) continue;
    const why = p.unavailable();
    if (why) skips.push(why);
    else out.push(p);
  }
  return out;
}

function toolsLine(): string {
  const parts: string[] = [];
  for (const [tool, args, re] of [['wrk', ['-v'], /wrk (\S+)/], ['h2load', ['--version'], /h2load nghttp2\/(\S+)/]] as const) {
    parts.push(findExecutable(tool) ? `${tool} ${toolVersion(tool, [...args], re)}`.trim() : `${tool} missing (install: ${INSTALL_HINT[tool]})`);
  }
  return parts.join(', ');
}

async function runLoadScenario(ctx: MeasureContext, s: LoadScenario, peers: Peer[], args: PeersArgs, originPorts: [number, number], baseSkips: string[]): Promise<LoadResult> {
  const cases = s.cases({ originPorts, rate: args.rate });
  const skips = [...baseSkips];
  const feature: Feature = { tls: s.needsTls, h2c: cases.some((c) => c.h2c) };
  const able = peers.filter((p) => {
    const why = p.unsupported(feature);
    if (why) skips.push(`${p.label()}: ${why}`);
    return !why;
  });
  const runs: PeerRun<LoadResult['runs'][number]['samples'][number]>[] = [];
  for (const c of cases) {
    for (const p of able) runs.push({ peerId: p.id, peerLabel: p.label(), caseLabel: c.label, samples: [] });
    for (let rep = 1; rep <= args.repeat; rep++) {
      for (const p of able) {
        const run = runs.find((r) => r.peerId === p.id && r.caseLabel === c.label)!;
        try {
          const sample = await measureLoad(ctx, p, c);
          run.samples.push(sample);
          const f = sample.fixed ? `; p99 ${sample.fixed.p99.toFixed(2)} ms at ${c.fixedRate}/s` : '';
          log(`${s.id} ${c.label} #${rep} ${p.id}: ${Math.round(sample.saturation.rps)} req/s, ${sample.saturation.cpuUs.toFixed(1)} µs CPU/req${f}`);
        } catch (e) {
          run.error = (e as Error).message;
          log(`${s.id} ${c.label} #${rep} ${p.id}: FAILED ${run.error}`);
        }
      }
    }
  }
  return { scenario: s, cases, runs, skips };
}

async function runFootprintScenario(ctx: MeasureContext, s: FootprintScenario, peers: Peer[], args: PeersArgs, originPorts: [number, number], skips: string[]): Promise<FootprintResult> {
  const cases = s.cases({ originPorts, rate: args.rate });
  const runs: FootprintResult['runs'] = [];
  for (const c of cases) {
    for (const p of peers) runs.push({ peerId: p.id, peerLabel: p.label(), caseLabel: c.label, samples: [] });
    for (let rep = 1; rep <= args.repeat; rep++) {
      for (const p of peers) {
        const run = runs.find((r) => r.peerId === p.id && r.caseLabel === c.label)!;
        try {
          const sample = await measureFootprint(ctx, p, c.table);
          run.samples.push(sample);
          log(`${s.id} ${c.label} #${rep} ${p.id}: RSS ${sample.rssMiB.toFixed(1)} MiB, start-up ${Math.round(sample.startMs)} ms`);
        } catch (e) {
          run.error = (e as Error).message;
          log(`${s.id} ${c.label} #${rep} ${p.id}: FAILED ${run.error}`);
        }
      }
    }
  }
  return { scenario: s, cases: cases.map(({ label, clusters }) => ({ label, clusters })), runs, skips: [...skips] };
}

function setupBlock(args: PeersArgs, ctx: MeasureContext, originKind: string, peers: Peer[], skips: string[], load: [number[], number[]], date: string): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    '## Setup of the last run',
    '',
    `- Date: ${date}; machine: ${cpus().length} × ${cpu}; Node.js ${process.version}.`,
    `- Load average (1, 5, 15 min) at start: ${load[0].map((x) => x.toFixed(2)).join(', ')}; at end: ${load[1].map((x) => x.toFixed(2)).join(', ')}. Other work on the machine shows up as spread.`,
    `- Cores: ${describeCores(ctx.plan)}.`,
    `- Origin: ${originKind}, two ports (upstreams a and b).`,
    `- Load generators: ${toolsLine()}; autocannon as the fallback.`,
    `- Each peer runs one worker (nginx \`worker_processes 1\`, HAProxy \`nbthread 1\`, Caddy \`GOMAXPROCS=1\`, Sextant \`concurrency: 1\`, the Node proxies one process), no access log, keep-alive to the origin. Node peers run as esbuild bundles (${args.loader === 'tsx' ? 'this run: tsx loader' : 'no loader at run time'}).`,
    `- Each peer is started fresh for every repeat; ${args.warmupSeconds} s warm-up, then ${args.seconds} s at saturation and ${args.seconds} s at the fixed rate; ${args.repeat} repeats, interleaved across peers; medians with ±half the range.`,
    '- CPU µs/req: utime + stime of the proxy\'s process tree from /proc over the run, divided by the requests completed. Peak RSS: VmHWM summed over the tree.',
    `- Peers: ${peers.map((p) => p.label()).join('; ')}.`,
  ];
  for (const s of skips) lines.push(`- Skipped: ${s}`);
  return lines.join('\n');
}

export async function runPeersBench(argv: string[]): Promise<string> {
  const args = parsePeersArgs(argv);
  if (args.help) return USAGE;
  if (args.from) return republish(args, resolve(args.from));
  const skips: string[] = [];
  if (!procAvailable()) skips.push('/proc not available: CPU time and memory columns are empty');
  const peers = selectPeers(args, skips);
  for (const s of skips) log(`skip: ${s}`);
  const plan = { ...corePlan(), nice: args.nice };
  log(describeCores(plan));
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const command = `npm run bench -- peers ${argv.join(' ')}`.trim();
  const load0 = loadavg();
  const certDir = mkdtempSync(join(tmpdir(), 'sextant-bench-cert-'));
  const ctx: MeasureContext = { plan, loader: args.loader, seconds: args.seconds, warmupSeconds: args.warmupSeconds, profileDir: args.profileDir && resolve(args.profileDir) };
  if (ctx.profileDir) mkdirSync(ctx.profileDir, { recursive: true });
  const interrupted = (): void => {
    killLiveChildren();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const origin = await startOrigin(plan, args.loader);
  log(`origin: ${origin.kind} on ${origin.ports.join(', ')}`);
  const results: ScenarioResult[] = [];
  try {
    for (const id of args.scenarios) {
      const s = SCENARIOS[id];
      if (s.kind === 'stub') {
        results.push({ scenario: s });
        continue;
      }
      if (s.kind === 'footprint') {
        results.push(await runFootprintScenario(ctx, s, peers, args, origin.ports, skips));
        continue;
      }
      if (s.needsTls) {
        const missing = opensslMissing();
        if (missing) {
          log(`skip ${s.id}: ${missing}`);
          results.push({ scenario: s, cases: [], runs: [], skips: [...skips, missing] });
          continue;
        }
        ctx.cert ??= generateCert(certDir);
      }
      if (s.cases({ originPorts: origin.ports, rate: args.rate }).some((c) => c.protocol === 'h2') && !findExecutable('h2load')) {
        const missing = `h2load not found: ${s.id} skipped (install: ${INSTALL_HINT.h2load})`;
        log(missing);
        results.push({ scenario: s, cases: [], runs: [], skips: [...skips, missing] });
        continue;
      }
      results.push(await runLoadScenario(ctx, s, peers, args, origin.ports, skips));
    }
  } finally {
    await origin.stop();
    killLiveChildren();
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    rmSync(certDir, { recursive: true, force: true });
  }
  const load1 = loadavg();
  const text = publish(args, results, { command, date, load: [load0[0], load1[0]], setup: setupBlock(args, ctx, origin.kind, peers, skips, [load0, load1], date) });
  return ctx.profileDir ? `${text}\n\nSextant CPU profiles (top self time):\n\n${summariseProfiles(ctx.profileDir)}` : text;
}

interface PublishMeta {
  command: string;
  date: string;
  load: [number, number];
  setup: string;
}

/** Every sample of the run as JSON in bench/results/ (git-ignored): `--from FILE` renders it again. */
function saveRaw(results: ScenarioResult[], meta: PublishMeta): void {
  const dir = join(REPO_ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `peers-${meta.date.replace(/[:]/g, '')}.json`);
  const plain = results.map((r) => {
    const cases = 'cases' in r ? r.cases.map((c) => ({ ...c, table: undefined })) : undefined;
    return { ...r, scenario: r.scenario.id, cases };
  });
  writeFileSync(file, JSON.stringify({ meta, results: plain }, null, 1));
  log(`raw samples: ${relative(process.cwd(), file)}`);
}

/** Re-renders the tables and charts of a saved run (no measurement). */
function republish(args: PeersArgs, file: string): string {
  const saved = JSON.parse(readFileSync(file, 'utf8')) as { meta: PublishMeta; results: (Omit<ScenarioResult, 'scenario'> & { scenario: ScenarioId })[] };
  const results = saved.results.map((r) => ({ ...r, scenario: SCENARIOS[r.scenario] }) as ScenarioResult);
  return publish(args, results, saved.meta, false);
}

function publish(args: PeersArgs, results: ScenarioResult[], meta: PublishMeta, save = true): string {
  const sections: { id: string; body: string }[] = [{ id: 'setup', body: meta.setup }];
  const outFile = args.out ? resolve(REPO_ROOT, args.out) : undefined;
  const chartDir = outFile ? join(dirname(outFile), 'benchmarks') : undefined;
  for (const r of results) {
    const id = r.scenario.id;
    let chartFile: string | undefined;
    if (chartDir && r.scenario.kind !== 'stub' && (r as LoadResult).runs.length > 0) {
      mkdirSync(chartDir, { recursive: true });
      const file = join(chartDir, `${id.toLowerCase()}.svg`);
      const subtitle = `${meta.date} · ${args.repeat} repeats · ${args.seconds} s runs · median of each`;
      writeFileSync(file, r.scenario.kind === 'load' ? loadChart(r as LoadResult, subtitle) : footprintChart(r as FootprintResult, subtitle));
      chartFile = relative(dirname(outFile!), file);
    }
    sections.push({ id, body: renderSection(r, { command: meta.command, date: meta.date, load: meta.load, chartFile }) });
  }
  if (outFile) updateDocs(outFile, sections);
  if (save) saveRaw(results, meta);
  const text = sections.map((s) => s.body).join('\n\n');
  return outFile ? `${text}\n\nwritten to ${relative(process.cwd(), outFile)}` : text;
}
