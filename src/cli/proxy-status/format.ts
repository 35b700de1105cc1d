/**
 * istioctl proxy-status output from /debug/syncz entries: the table (NAME, CLUSTER, CDS, LDS, EDS,
 * RDS, ECDS, ISTIOD, VERSION — ECDS is never served here, so NOT SENT), NACK lines under it, and
 * the per-proxy detail view.
 */
import type { SyncStatusEntry } from '../../discovery/status.ts';

const COLUMNS = ['NAME', 'CLUSTER', 'CDS', 'LDS', 'EDS', 'RDS', 'ECDS', 'ISTIOD', 'VERSION'] as const;

function row(e: SyncStatusEntry): string[] {
  return [e.proxy, e.cluster_id, e.xds.CDS.status, e.xds.LDS.status, e.xds.EDS.status, e.xds.RDS.status, 'NOT SENT', e.istiod, e.istio_version];
}

/** Columns padded to the widest cell plus three spaces, as istioctl's tabwriter prints them. */
export function formatTable(entries: SyncStatusEntry[]): string {
  const rows = [[...COLUMNS], ...entries.map(row)];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const lines = rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] + 3))).join('').trimEnd());
  const nacks = entries.flatMap((e) => (['CDS', 'LDS', 'EDS', 'RDS', 'SDS'] as const).flatMap((t) => (e.xds[t].lastNack ? [`NACK ${e.proxy} ${t} (kept ${e.xds[t].versionAcked || 'nothing'}): ${e.xds[t].lastNack!.message}`] : [])));
  return [...lines, ...(nacks.length ? ['', ...nacks] : [])].join('\n') + '\n';
}

/** The detail view for one proxy: every type with its versions, nonces and last NACK. */
export function formatProxy(e: SyncStatusEntry): string {
  const lines = [`Proxy:          ${e.proxy} (${e.proxy_type}, ${e.protocol} xDS)`, `Cluster:        ${e.cluster_id}`, `Control plane:  ${e.istiod}`, `Version:        ${e.istio_version}`, `Connected:      ${e.connected_at}  (${e.connection_id})`, ''];
  for (const t of ['CDS', 'LDS', 'EDS', 'RDS', 'SDS'] as const) {
    const s = e.xds[t];
    lines.push(`${t}  ${s.status.padEnd(27)} resources ${String(s.resources).padEnd(5)} sent ${s.versionSent || '-'}  acked ${s.versionAcked || '-'}`);
    if (s.lastNack) lines.push(`     NACK at ${s.lastNack.at} of ${s.lastNack.rejectedVersion}: ${s.lastNack.message}`);
  }
  return lines.join('\n') + '\n';
}
