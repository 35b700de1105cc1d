/**
 * The HTTP part of a walk, from an HTTP connection manager to a route: its route configuration
 * (RDS or inline), host port stripping, the virtual host for the authority, `requireTls`, the first
 * matching route, and what that route does. Matching runs on the proxy's own compiled RouteTable.
 */
import type { HttpConnectionManager, Route, RouteConfiguration } from '../envoy/types.ts';
import { walkCluster } from './cluster-walk.ts';
import { gatewayNearMisses, meshNearMisses, virtualHostNearMisses } from './near-misses.ts';
import { routeProvenance } from './provenance.ts';
import { compileRoutes, describePath, failedConditions, findVirtualHost, matchRequest, routeEntryAt, selectRoute, type MatchRequest, type VirtualHostEntry } from './proxy-matchers.ts';
import { matchHeaders } from './request.ts';
import { actionOutcome } from './route-outcome.ts';
import type { ExplainOutcome } from './types.ts';
import { nearMiss, step, type WalkContext } from './walk-context.ts';

function routeConfiguration(w: WalkContext, hcm: HttpConnectionManager): RouteConfiguration | string {
  if (hcm.routeConfig) return hcm.routeConfig;
  const name = hcm.rds?.routeConfigName;
  if (!name) return 'the HTTP connection manager names no route configuration';
  return w.resources.routes.find((r) => r.name === name) ?? `route configuration ${name} (RDS) was not generated; the proxy refuses the listener`;
}

function authorityFor(hcm: HttpConnectionManager, authority: string, listenerPort: number): string {
  const m = /^(.*):(\d+)$/.exec(authority);
  if (!m || (m[1].includes(':') && !m[1].endsWith(']'))) return authority;
  if (hcm.stripAnyHostPort || (hcm.stripMatchingHostPort && Number(m[2]) === listenerPort)) return m[1];
  return authority;
}

const routeLabel = (r: Route, i: number): string => (r.name ? `route "${r.name}"` : `route #${i}`);

function routeNearMisses(w: WalkContext, vh: VirtualHostEntry, routes: readonly Route[], upTo: number, req: MatchRequest): void {
  for (let i = 0; i < upTo; i++) {
    const reasons = failedConditions(vh, routes[i], req);
    if (reasons.length === 0) continue;
    nearMiss(w, `${routeLabel(routes[i], i)} of virtual host ${vh.name}`, `does not match: ${reasons.join('; ')}`, 2 + i / 100, routeProvenance(routes[i], w.snapshot).source);
  }
}

export function walkHttp(w: WalkContext, hcm: HttpConnectionManager, tlsTerminated: boolean, listenerPort: number): ExplainOutcome {
  const rc = routeConfiguration(w, hcm);
  if (typeof rc === 'string') return { kind: 'rejected-config', summary: rc };
  const compiled = compileRoutes(rc);
  w.notes.push(...compiled.warnings);
  if (!compiled.table) {
    step(w, 'routeConfiguration', rc.name, `refused by the proxy: ${compiled.error}`);
    return { kind: 'rejected-config', summary: `the proxy would refuse route configuration ${rc.name}: ${compiled.error}` };
  }
  const authority = authorityFor(hcm, w.req.authority, listenerPort);
  step(w, 'routeConfiguration', rc.name, `${(rc.virtualHosts ?? []).length} virtual host(s); looking up "${authority}"`);
  const found = findVirtualHost(compiled.table, authority);
  if (!found) {
    virtualHostNearMisses(w, rc, -1, authority);
    gatewayNearMisses(w, rc.name, authority);
    meshNearMisses(w, authority);
    return { kind: 'no-route', status: 404, summary: `no virtual host of ${rc.name} matches "${authority}": 404 (NR)` };
  }
  const vhRaw = rc.virtualHosts![found.index];
  const wildcard = vhRaw.domains.includes('*') && !vhRaw.domains.some((d) => d.toLowerCase() === authority.toLowerCase());
  step(w, 'virtualHost', vhRaw.name, `domains [${vhRaw.domains.join(', ')}]${wildcard ? ' (the catch-all "*": no other domain matched)' : ''}`);
  if (wildcard || vhRaw.name.startsWith('blackhole:')) {
    virtualHostNearMisses(w, rc, found.index, authority);
    gatewayNearMisses(w, rc.name, authority);
    meshNearMisses(w, authority);
  }
  if (found.entry.requireTls !== 'NONE' && !tlsTerminated) {
    const location = `https://${authority}${w.req.path}`;
    return { kind: 'redirect', status: 301, location, summary: `virtual host ${vhRaw.name} requires TLS: redirected with 301 to ${location}` };
  }
  const xfp = hcm.useRemoteAddress ? w.req.scheme : (w.req.headers['x-forwarded-proto'] ?? w.req.scheme);
  const headers = matchHeaders(w.req, authority, xfp);
  const req = matchRequest(w.req.path, headers);
  const routes = vhRaw.routes ?? [];
  const index = selectRoute(found.entry, req);
  routeNearMisses(w, found.entry, routes, index < 0 ? routes.length : index, req);
  if (index < 0) {
    if (!wildcard) gatewayNearMisses(w, rc.name, authority);
    return { kind: 'no-route', status: 404, summary: `no route of virtual host ${vhRaw.name} matches ${w.req.method} ${w.req.path}: 404 (NR)` };
  }
  return routeStep(w, routes[index], index, routeEntryAt(found.entry, index), authority, (n) => headers[n]);
}

function routeStep(w: WalkContext, route: Route, index: number, entry: ReturnType<typeof routeEntryAt>, authority: string, header: (n: string) => string | undefined): ExplainOutcome {
  const prov = routeProvenance(route, w.snapshot);
  const rule = prov.rule !== undefined ? ` (http[${prov.rule}])` : '';
  const conditions = (route.match.headers ?? []).map((h) => h.name);
  step(w, 'route', route.name || `#${index}`, `${describePath(route)}${conditions.length ? ` and headers ${conditions.join(', ')}` : ''} matches${rule}`, prov.source);
  const action = actionOutcome(route, entry, w.req.scheme, authority, w.req.path, header);
  if (action.kind !== 'forward') return { ...action };
  const c = walkCluster(w, action.cluster);
  const out: ExplainOutcome = { kind: 'forward', ...action.extra, ...c.fields, summary: '' };
  if (action.weighted) out.weighted = action.weighted;
  if (c.failure === 'cluster-not-found') return { ...out, kind: 'cluster-not-found', status: entry.clusterNotFoundStatus, summary: `cluster ${action.cluster} does not exist: ${entry.clusterNotFoundStatus} (NC)` };
  if (c.failure === 'no-healthy-upstream') return { ...out, kind: 'no-healthy-upstream', status: 503, summary: `cluster ${action.cluster} has no healthy endpoint: 503 (UH)` };
  out.summary = forwardSummary(out);
  return out;
}

function forwardSummary(o: ExplainOutcome): string {
  const split = o.weighted && o.weighted.length > 1 ? ` (weighted: ${o.weighted.map((t) => `${t.cluster} ${t.share}%`).join(', ')})` : '';
  const extras: string[] = [];
  if (o.rewrites?.path) extras.push(`path rewritten to ${o.rewrites.path}`);
  if (o.rewrites?.host) extras.push(`host rewritten to ${o.rewrites.host}`);
  if (o.timeout && o.timeout !== '0s') extras.push(`timeout ${o.timeout}`);
  if (o.retries) extras.push(`${o.retries.attempts} retries`);
  if (o.faults?.abort) extras.push(`${o.faults.abort.percent}% aborted with ${o.faults.abort.status}`);
  if (o.faults?.delay) extras.push(`${o.faults.delay.percent}% delayed ${o.faults.delay.fixedDelay}`);
  return `forwarded to ${o.cluster}${split}${extras.length ? `; ${extras.join(', ')}` : ''}`;
}
