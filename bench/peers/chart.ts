/**
 * The chart of each scenario, built from its results with svg-chart.ts: requests/s and CPU µs per
 * request (load scenarios; plus p99 at the fixed rate when there is one), or idle RSS and start-up
 * time (S6). One group of bars per case, one bar per peer, Sextant highlighted.
 */
import { SEXTANT } from './report.ts';
import { agg, fixedAgg, satAgg, type FootprintResult, type LoadResult, type PeerRun } from './results.ts';
import { barChart, type BarGroup, type Panel } from './svg-chart.ts';

function groups<S>(cases: { label: string }[], runs: PeerRun<S>[], value: (r: PeerRun<S>) => number): BarGroup[] {
  return cases.map((c) => ({
    label: c.label,
    bars: runs.filter((r) => r.caseLabel === c.label).map((r) => ({ label: r.peerLabel, value: r.samples.length ? value(r) : NaN, highlight: r.peerId === SEXTANT })),
  }));
}

export function loadChart(res: LoadResult, subtitle: string): string {
  const panels: Panel[] = [
    { title: 'requests/s at saturation (higher is better)', groups: groups(res.cases, res.runs, (r) => satAgg(r, 'rps').median) },
    { title: 'proxy CPU µs per request (lower is better)', groups: groups(res.cases, res.runs, (r) => satAgg(r, 'cpuUs').median) },
  ];
  const rate = res.cases.find((c) => c.fixedRate !== undefined)?.fixedRate;
  if (rate !== undefined) {
    const withFixed = res.cases.filter((c) => c.fixedRate !== undefined);
    panels.push({ title: `p99 ms at ${rate.toLocaleString('en-US')} req/s (lower is better)`, groups: groups(withFixed, res.runs, (r) => fixedAgg(r, 'p99').median) });
  }
  return barChart({ title: res.scenario.title, subtitle, panels });
}

export function footprintChart(res: FootprintResult, subtitle: string): string {
  return barChart({
    title: res.scenario.title,
    subtitle,
    panels: [
      { title: 'idle RSS MiB (lower is better)', groups: groups(res.cases, res.runs, (r) => agg(r.samples.map((s) => s.rssMiB)).median) },
      { title: 'start-up ms (lower is better)', groups: groups(res.cases, res.runs, (r) => agg(r.samples.map((s) => s.startMs)).median) },
    ],
  });
}
