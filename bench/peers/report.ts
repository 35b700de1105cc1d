/**
 * Renders a scenario's results as Markdown: one table per scenario (rows = case × peer) with the
 * medians, their spread over the repeats and the ratios Sextant ÷ peer for requests/s and CPU per
 * request; S4 adds the growth of CPU per request from 10 to 10,000 routes; S6 its footprint table.
 * A TLS case also shows what each peer negotiated, and flags a peer whose protocol differs from
 * Sextant's (its handshakes would not be the same work).
 */
import type { TlsProbe } from './check.ts';
import { agg, errorRate, findRun, fixedAgg, satAgg, type Agg, type FootprintResult, type LoadResult, type PeerRun, type ScenarioResult } from './results.ts';
import type { Sample } from './measure.ts';
import { ratio } from './stats.ts';

export const SEXTANT = 'sextant';

function num(v: number, digits?: number): string {
  if (!Number.isFinite(v)) return '—';
  const d = digits ?? (Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2);
  return v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}

function withSpread(a: Agg, digits?: number): string {
  if (!Number.isFinite(a.median)) return '—';
  return a.n > 1 ? `${num(a.median, digits)} ±${Math.round(a.spread)}%` : num(a.median, digits);
}

function ratioCell(s: number, p: number): string {
  const r = ratio(s, p);
  return Number.isFinite(r) ? r.toFixed(2) : '—';
}

function tlsOf(run: PeerRun<Sample> | undefined): TlsProbe | undefined {
  return run?.samples.find((s) => s.tls)?.tls;
}

function tlsCell(t: TlsProbe | undefined): string {
  return t ? `${t.protocol} ${t.cipher}${t.resumes ? ', resumes' : ', no resumption'}` : '—';
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function loadTable(res: LoadResult): string[] {
  const hasFixed = res.cases.some((c) => c.fixedRate !== undefined);
  const head = ['case', 'peer', 'req/s', 'CPU µs/req', 'p99 ms at saturation'];
  if (hasFixed) head.push('p50 / p90 / p99 ms at fixed rate', 'CPU µs/req at fixed rate');
  const hasTls = res.cases.some((c) => c.tls);
  head.push('peak RSS MiB');
  if (hasTls) head.push('TLS negotiated');
  head.push('Sextant ÷ peer: req/s', 'Sextant ÷ peer: CPU/req');
  const out = [row(head), row(head.map((_, i) => (i < 2 ? '---' : '---:')))];
  const notes: string[] = [];
  for (const c of res.cases) {
    const sx = findRun(res.runs, SEXTANT, c.label);
    const sxRps = sx ? satAgg(sx, 'rps').median : NaN;
    const sxCpu = sx ? satAgg(sx, 'cpuUs').median : NaN;
    const sxTls = tlsOf(sx);
    for (const run of res.runs.filter((r) => r.caseLabel === c.label)) {
      const name = run.peerId === SEXTANT ? `**${run.peerLabel}**` : run.peerLabel;
      if (run.samples.length === 0) {
        out.push(row([c.label, name, `failed: ${(run.error ?? '').split('\n')[0].replace(/\|/g, '/')}`, ...head.slice(3).map(() => '')]));
        continue;
      }
      const rps = satAgg(run, 'rps');
      const cpu = satAgg(run, 'cpuUs');
      const cells = [c.label, name, withSpread(rps, 0), withSpread(cpu, 1), num(satAgg(run, 'p99').median)];
      if (hasFixed) {
        const f = fixedAgg(run, 'p50');
        let fixedCell = c.fixedRate === undefined || !Number.isFinite(f.median) ? '—' : `${num(f.median)} / ${num(fixedAgg(run, 'p90').median)} / ${num(fixedAgg(run, 'p99').median)}`;
        const achieved = fixedAgg(run, 'rps').median;
        if (c.fixedRate !== undefined && achieved < 0.95 * c.fixedRate) {
          fixedCell += ' ⚠';
          notes.push(`⚠ ${run.peerLabel}, ${c.label}: did not keep up with the fixed rate (${num(achieved, 0)} of ${num(c.fixedRate, 0)} req/s), so its fixed-rate latencies are saturation latencies.`);
        }
        cells.push(fixedCell);
        cells.push(withSpread(fixedAgg(run, 'cpuUs'), 1));
      }
      cells.push(num(agg(run.samples.map((s) => s.peakRssMiB)).median, 1));
      if (hasTls) {
        const t = tlsOf(run);
        cells.push(c.tls ? tlsCell(t) : '—');
        if (c.tls && t && sxTls && run.peerId !== SEXTANT && t.protocol !== sxTls.protocol) {
          notes.push(`⚠ ${run.peerLabel}, ${c.label}: negotiated ${t.protocol} where Sextant negotiated ${sxTls.protocol}, so their handshakes are not the same work.`);
        }
      }
      cells.push(ratioCell(sxRps, rps.median), ratioCell(sxCpu, cpu.median));
      const er = errorRate(run);
      if (er > 0.001) {
        cells[2] += ' ⚠';
        notes.push(`⚠ ${run.peerLabel}, ${c.label}: ${(er * 100).toFixed(2)}% of requests failed or were not 2xx.`);
      }
      if (run.error) notes.push(`${run.peerLabel}, ${c.label}: ${run.samples.length} of the repeats succeeded; last failure: ${run.error.split('\n')[0]}`);
      out.push(row(cells));
    }
  }
  return notes.length ? [...out, '', ...notes.map((n) => `- ${n}`)] : out;
}

/** S4: CPU per request at each route count and the growth from the first to the last case. */
function routeScaleTable(res: LoadResult): string[] {
  const first = res.cases[0]?.label;
  const last = res.cases[res.cases.length - 1]?.label;
  const head = ['peer', ...res.cases.map((c) => `CPU µs/req, ${c.label}`), `${last} vs ${first}`];
  const out = [row(head), row(head.map((_, i) => (i === 0 ? '---' : '---:')))];
  const peers = [...new Map(res.runs.map((r) => [r.peerId, r.peerLabel])).entries()];
  for (const [id, label] of peers) {
    const cpu = res.cases.map((c) => {
      const r = findRun(res.runs, id, c.label);
      return r ? satAgg(r, 'cpuUs').median : NaN;
    });
    const growth = ratio(cpu[cpu.length - 1], cpu[0]);
    out.push(row([id === SEXTANT ? `**${label}**` : label, ...cpu.map((v) => num(v, 1)), Number.isFinite(growth) ? `${growth >= 1 ? '+' : ''}${((growth - 1) * 100).toFixed(1)}%` : '—']));
  }
  return out;
}

function footprintTable(res: FootprintResult): string[] {
  const head = ['clusters', 'peer', 'RSS MiB', 'PSS MiB', 'processes', 'start-up ms', 'Sextant ÷ peer: RSS'];
  const out = [row(head), row(head.map((_, i) => (i < 2 ? '---' : '---:')))];
  for (const c of res.cases) {
    const sx = findRun(res.runs, SEXTANT, c.label);
    const sxRss = sx ? agg(sx.samples.map((s) => s.rssMiB)).median : NaN;
    for (const run of res.runs.filter((r) => r.caseLabel === c.label)) {
      const name = run.peerId === SEXTANT ? `**${run.peerLabel}**` : run.peerLabel;
      if (run.samples.length === 0) {
        out.push(row([c.label, name, `failed: ${(run.error ?? '').split('\n')[0].replace(/\|/g, '/')}`, '', '', '', '']));
        continue;
      }
      const rss = agg(run.samples.map((s) => s.rssMiB));
      out.push(row([c.label, name, withSpread(rss, 1), withSpread(agg(run.samples.map((s) => s.pssMiB)), 1), String(run.samples[0].processes), withSpread(agg(run.samples.map((s) => s.startMs)), 0), ratioCell(sxRss, rss.median)]));
    }
  }
  return out;
}

export interface SectionMeta {
  command: string;
  date: string;
  chartFile?: string;
  /** Load average (1 min) of the machine at the start and end of the run. */
  load?: [number, number];
}

export function renderSection(res: ScenarioResult, meta: SectionMeta): string {
  const s = res.scenario;
  const out = [`## ${s.title}`, '', s.what, ''];
  if (s.kind === 'stub') return [...out, 'No measurement yet.', ''].join('\n');
  const load = meta.load ? ` (load average ${meta.load[0].toFixed(1)} at the start, ${meta.load[1].toFixed(1)} at the end)` : '';
  out.push(`Measured ${meta.date} with \`${meta.command}\`${load}.`, '');
  for (const skip of (res as LoadResult | FootprintResult).skips) out.push(`- skipped: ${skip}`);
  if ((res as LoadResult).skips.length) out.push('');
  if (s.kind === 'load') {
    const r = res as LoadResult;
    const rate = r.cases.find((c) => c.fixedRate !== undefined)?.fixedRate;
    if (rate !== undefined) out.push(`Fixed rate: ${rate.toLocaleString('en-US')} req/s offered (h2load \`--rps\`, latencies of every request from its log).`, '');
    out.push(...loadTable(r), '');
    if (s.id === 'S4') out.push('CPU per request as the route table grows:', '', ...routeScaleTable(r), '');
  } else {
    out.push(...footprintTable(res as FootprintResult), '');
  }
  if (meta.chartFile) out.push(`![${s.id} chart](${meta.chartFile})`, '');
  return out.join('\n');
}

/** Plain-text summary for the terminal: the same tables. */
export function summaryOf(sections: string[]): string {
  return sections.join('\n');
}

