/**
 * Near-misses: what almost took the request and why it did not, nearest first. At the Envoy level,
 * virtual hosts whose domains resemble the request host and routes of the chosen virtual host
 * whose conditions fail; at the Istio level, the VirtualServices and Gateway servers behind a
 * gateway route configuration — bound but without the host (seed 001), with the host but not
 * bound, hidden by exportTo, or on a Gateway server the merge ignored (seed 000).
 */
import { distance as levenshtein } from 'fastest-levenshtein';
import type { RouteConfiguration } from '../envoy/types.ts';
import { gatewayPortMap } from '../generate/context.ts';
import { mergeGateways, type MergedServer } from '../model/merged-gateway.ts';
import { isVisibleTo } from '../model/visibility.ts';
import type { VirtualServiceEntry } from '../model/virtual-service-index.ts';
import { hostMatches, hostsForNamespace, splitNamespacedHost } from '../registry/host.ts';
import { resourceProvenance } from './provenance.ts';
import { nearMiss, type WalkContext } from './walk-context.ts';

const hostOnly = (authority: string): string => authority.replace(/:\d+$/, '').toLowerCase();

/** Virtual hosts (other than the chosen one) with a domain within a few edits of the host. */
export function virtualHostNearMisses(w: WalkContext, rc: RouteConfiguration, chosen: number, authority: string): void {
  const host = hostOnly(authority);
  (rc.virtualHosts ?? []).forEach((vh, i) => {
    if (i === chosen) return;
    const best = Math.min(...vh.domains.map((d) => levenshtein(hostOnly(d), host)));
    if (best > Math.max(3, Math.floor(host.length / 4))) return;
    nearMiss(w, `virtual host ${vh.name}`, `has domains [${vh.domains.join(', ')}], not "${authority}"${best > 0 ? ` (${best} character${best > 1 ? 's' : ''} different)` : ''}`, 1 + best);
  });
}

function matchesHost(patterns: readonly string[], host: string): boolean {
  return patterns.some((p) => hostMatches(p.toLowerCase(), host));
}

function gatewayEntry(vs: VirtualServiceEntry, gatewayName: string): string {
  const raw = vs.resource.spec?.gateways ?? [];
  const short = gatewayName.split('/')[1];
  return raw.find((g) => g === gatewayName || g === short || g.startsWith(`${short}.`)) ?? gatewayName;
}

function serverNearMisses(w: WalkContext, ms: MergedServer, host: string, hostOwned: boolean): void {
  const gw = ms.gatewayName;
  const serverHosts = ms.server.hosts.map((h) => splitNamespacedHost(h).host);
  const accepts = matchesHost(serverHosts, host);
  if (!accepts) nearMiss(w, `Gateway ${gw} server ${ms.index} (port ${ms.server.port.number})`, `accepts hosts [${ms.server.hosts.join(', ')}], not ${host}; add ${host} to the server's hosts`, 3, resourceProvenance(ms.gateway));
  for (const vs of w.snapshot.virtualServices.byGateway.get(gw) ?? []) {
    const src = resourceProvenance(vs.resource);
    const rawHosts = vs.resource.spec?.hosts ?? [];
    if (!isVisibleTo(vs.exportTo, vs.namespace, w.proxy.namespace)) {
      nearMiss(w, `VirtualService ${vs.namespace}/${vs.name}`, `is bound to ${gatewayEntry(vs, gw)} but its exportTo [${(vs.exportTo ?? []).join(', ')}] hides it from namespace ${w.proxy.namespace}, where the gateway runs; add ${w.proxy.namespace} to exportTo`, 0, src);
      continue;
    }
    if (!matchesHost(vs.spec.hosts ?? [], host)) {
      nearMiss(w, `VirtualService ${vs.namespace}/${vs.name}`, `is bound to ${gatewayEntry(vs, gw)} but its hosts [${rawHosts.join(', ')}] do not include ${host}; add ${host} to its hosts`, accepts && !hostOwned ? 0 : 2, src);
      continue;
    }
    if (accepts && !matchesHost(hostsForNamespace(ms.server.hosts, vs.namespace), host)) {
      nearMiss(w, `VirtualService ${vs.namespace}/${vs.name}`, `is bound to ${gatewayEntry(vs, gw)} but that Gateway accepts ${host} only for VirtualServices of namespace(s) [${ms.server.hosts.map((h) => splitNamespacedHost(h).namespace).join(', ')}], not ${vs.namespace}`, 1, src);
    }
  }
}

/** Istio-level near-misses behind a gateway route configuration (`http.80`, `https.443.https.gw.ns`). */
export function gatewayNearMisses(w: WalkContext, routeName: string, authority: string): void {
  if (w.proxy.type !== 'router') return;
  const host = hostOnly(authority);
  const merged = mergeGateways(w.snapshot.gatewaysForWorkload(w.proxy.labels), gatewayPortMap(w.proxy, w.snapshot));
  const servers = merged.serversByRouteName.get(routeName) ?? [];
  const hostOwned = w.snapshot.virtualServices.all.some((vs) => matchesHost(vs.spec.hosts ?? [], host));
  for (const ms of servers) serverNearMisses(w, ms, host, hostOwned);
  const bound = new Set(servers.map((s) => s.gatewayName));
  for (const vs of w.snapshot.virtualServices.all) {
    if (!matchesHost(vs.spec.hosts ?? [], host) || vs.gateways.some((g) => bound.has(g))) continue;
    const to = [...bound].join(', ') || 'a Gateway of this port';
    nearMiss(w, `VirtualService ${vs.namespace}/${vs.name}`, `has host ${host} but is bound to [${vs.gateways.join(', ')}], not to ${to}; add ${to} to its gateways`, 1, resourceProvenance(vs.resource));
  }
  rejectedServerNearMisses(w, merged.rejected, host);
}

function rejectedServerNearMisses(w: WalkContext, rejected: ReturnType<typeof mergeGateways>['rejected'], host: string): void {
  for (const r of rejected) {
    const s = r.gateway.spec?.servers?.[r.index];
    if (s?.port?.number !== w.req.port && r.port !== w.req.port) continue;
    const relevant = matchesHost((s?.hosts ?? []).map((h) => splitNamespacedHost(h).host), host);
    nearMiss(w, `Gateway ${r.gatewayName} server ${r.index} (port ${r.port})`, `is ignored by the gateway: ${r.reason}; give the Gateways distinct hosts or merge them into one Gateway`, relevant ? 0 : 4, resourceProvenance(r.gateway));
  }
}

/** For sidecars: VirtualServices with the host that do not apply to this proxy. */
export function meshNearMisses(w: WalkContext, authority: string): void {
  if (w.proxy.type !== 'sidecar') return;
  const host = hostOnly(authority);
  for (const vs of w.snapshot.virtualServices.all) {
    if (!matchesHost(vs.spec.hosts ?? [], host)) continue;
    const src = resourceProvenance(vs.resource);
    if (!vs.gateways.includes('mesh')) nearMiss(w, `VirtualService ${vs.namespace}/${vs.name}`, `has host ${host} but binds only [${vs.gateways.join(', ')}]; add "mesh" to its gateways for sidecars to use it`, 0, src);
    else if (!isVisibleTo(vs.exportTo, vs.namespace, w.proxy.namespace)) nearMiss(w, `VirtualService ${vs.namespace}/${vs.name}`, `is hidden from namespace ${w.proxy.namespace} by its exportTo [${(vs.exportTo ?? []).join(', ')}]`, 0, src);
  }
}
