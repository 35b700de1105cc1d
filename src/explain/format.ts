/**
 * Text rendering of an explanation: the request, one line per step with the Istio resource and
 * file:line behind it, the outcome with its details, then near-misses and notes.
 */
import type { ExplainResult, Provenance } from './types.ts';

const STAGE: Record<string, string> = {
  listener: 'listener',
  filterChain: 'filter chain',
  routeConfiguration: 'route config',
  virtualHost: 'virtual host',
  route: 'route',
  cluster: 'cluster',
  endpoints: 'endpoints',
  policy: 'policy',
};

export function formatProvenance(p: Provenance): string {
  const where = p.file ? ` ${p.file}${p.line ? `:${p.line}` : ''}` : '';
  return `${p.kind} ${p.namespace ? `${p.namespace}/` : ''}${p.name}${where}`;
}

function outcomeLines(r: ExplainResult): string[] {
  const o = r.outcome;
  const lines = [`Result: ${o.status !== undefined ? `${o.status} — ` : ''}${o.summary}`];
  if (o.weighted && o.weighted.length > 1) lines.push(`  weights:   ${o.weighted.map((t) => `${t.cluster} ${t.share}%`).join(', ')}`);
  if (o.service) lines.push(`  service:   ${o.service.host}:${o.service.port}${o.service.subset ? ` subset ${o.service.subset}` : ''}`);
  if (o.endpoints?.length) lines.push(`  endpoints: ${o.endpoints.map((e) => `${e.address}:${e.port}${e.version ? ` (${e.version})` : ''}${e.health !== 'HEALTHY' ? ` ${e.health}` : ''}`).join(', ')}`);
  if (o.location) lines.push(`  location:  ${o.location}`);
  if (o.rewrites?.path) lines.push(`  path:      rewritten to ${o.rewrites.path}`);
  if (o.rewrites?.host) lines.push(`  host:      rewritten to ${o.rewrites.host}`);
  if (o.timeout) lines.push(`  timeout:   ${o.timeout === '0s' ? 'none (0s)' : o.timeout}`);
  if (o.retries) lines.push(`  retries:   ${o.retries.attempts}${o.retries.retryOn ? ` on ${o.retries.retryOn}` : ''}${o.retries.perTryTimeout ? `, ${o.retries.perTryTimeout} per try` : ''}${o.retries.retriableStatusCodes ? `, status ${o.retries.retriableStatusCodes.join(',')}` : ''}`);
  if (o.faults?.abort) lines.push(`  fault:     abort ${o.faults.abort.status} for ${o.faults.abort.percent}% of requests`);
  if (o.faults?.delay) lines.push(`  fault:     delay ${o.faults.delay.fixedDelay} for ${o.faults.delay.percent}% of requests`);
  for (const m of o.mirrors ?? []) lines.push(`  mirror:    ${m.cluster} (${m.percent}%)`);
  return lines;
}

export function formatExplanation(r: ExplainResult): string {
  const q = r.request;
  const lines = [`${q.method} ${q.scheme}://${q.authority}${q.path} on port ${q.port}${q.sni ? ` (SNI ${q.sni})` : ''} through ${r.proxy.type} ${r.proxy.id}`, ''];
  for (const s of r.steps) {
    lines.push(`  ${STAGE[s.stage].padEnd(13)} ${s.name}: ${s.detail}`);
    if (s.source) lines.push(`  ${''.padEnd(13)} ← ${formatProvenance(s.source)}`);
  }
  lines.push('', ...outcomeLines(r));
  if (r.nearMisses.length) {
    lines.push('', 'Near misses:');
    for (const n of r.nearMisses) lines.push(`  - ${n.what} ${n.why}${n.source ? ` (${formatProvenance(n.source)})` : ''}`);
  }
  if (r.notes.length) {
    lines.push('', 'Notes:');
    for (const n of r.notes) lines.push(`  - ${n}`);
  }
  return lines.join('\n') + '\n';
}
