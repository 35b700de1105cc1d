/**
 * The results of a peers-benchmark run, per scenario, and their reduction to medians with spread.
 * Rendering (Markdown tables, SVG charts) lives in report.ts and chart.ts.
 */
import type { FootprintSample, LoadCase, RunStats, Sample } from './measure.ts';
import type { FootprintScenario, LoadScenario, StubScenario } from './scenarios.ts';
import { median, spreadPercent } from './stats.ts';

export interface PeerRun<S> {
  peerId: string;
  peerLabel: string;
  caseLabel: string;
  samples: S[];
  /** The last failure, when a repeat failed (its samples are missing). */
  error?: string;
}

export interface LoadResult {
  scenario: LoadScenario;
  cases: LoadCase[];
  runs: PeerRun<Sample>[];
  skips: string[];
}

export interface FootprintResult {
  scenario: FootprintScenario;
  cases: { label: string; clusters: number }[];
  runs: PeerRun<FootprintSample>[];
  skips: string[];
}

export interface StubResult {
  scenario: StubScenario;
}

export type ScenarioResult = LoadResult | FootprintResult | StubResult;

export interface Agg {
  median: number;
  spread: number;
  n: number;
}

export function agg(values: number[]): Agg {
  const v = values.filter((x) => Number.isFinite(x));
  return { median: median(v), spread: spreadPercent(v), n: v.length };
}

export type RunField = keyof Pick<RunStats, 'rps' | 'cpuUs' | 'p50' | 'p90' | 'p99'>;

export function satAgg(run: PeerRun<Sample>, f: RunField): Agg {
  return agg(run.samples.map((s) => s.saturation[f]));
}

export function fixedAgg(run: PeerRun<Sample>, f: RunField): Agg {
  return agg(run.samples.map((s) => s.fixed?.[f] ?? NaN));
}

/** Failed or non-2xx requests over all samples, as a fraction of requests. */
export function errorRate(run: PeerRun<Sample>): number {
  let errors = 0;
  let requests = 0;
  for (const s of run.samples) {
    for (const r of [s.saturation, s.fixed]) {
      if (!r) continue;
      errors += r.errors;
      // `requests` are the 2xx answers; the failed and non-2xx ones are in `errors`.
      requests += r.requests + r.errors;
    }
  }
  return requests ? errors / requests : 0;
}

export function findRun<S>(runs: PeerRun<S>[], peerId: string, caseLabel: string): PeerRun<S> | undefined {
  return runs.find((r) => r.peerId === peerId && r.caseLabel === caseLabel);
}
