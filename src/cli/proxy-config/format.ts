/**
 * Short (table) forms of Envoy resources, in the columns istioctl's `proxy-config` prints:
 * listeners by address, port, match and destination; routes by name, virtual host, domains,
 * match and VirtualService; clusters by service, port, subset, direction, type and
 * DestinationRule; endpoints by address, status and cluster; secrets by name and type.
 */
import type { Cluster, ClusterLoadAssignment, FilterChain, Listener, RouteConfiguration, Secret } from '../../envoy/types.ts';
import { parseConfigPath } from '../../generate/metadata.ts';
import { parseSubsetKey } from '../../generate/names.ts';

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('     ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

function chainMatch(fc: FilterChain): string {
  const m = fc.filterChainMatch;
  if (!m) return 'ALL';
  const parts: string[] = [];
  if (m.serverNames?.length) parts.push(`SNI: ${m.serverNames.join(',')}`);
  if (m.destinationPort) parts.push(`Port: ${m.destinationPort}`);
  if (m.transportProtocol) parts.push(`Trans: ${m.transportProtocol}`);
  if (m.applicationProtocols?.length) parts.push(`App: ${m.applicationProtocols.join(',')}`);
  return parts.join('; ') || 'ALL';
}

function chainDestination(fc: FilterChain): string {
  for (const f of fc.filters ?? []) {
    const tc = f.typedConfig as Record<string, any> | undefined;
    if (tc?.rds?.routeConfigName !== undefined) return `Route: ${tc.rds.routeConfigName}`;
    if (tc?.routeConfig) return `Inline Route: ${tc.routeConfig.name ?? ''}`;
    if (typeof tc?.cluster === 'string') return `Cluster: ${tc.cluster}`;
    if (tc?.weightedClusters) return `Clusters: ${tc.weightedClusters.clusters.map((c: { name: string }) => c.name).join(',')}`;
  }
  return 'Non-HTTP/Non-TCP';
}

export function listenerTable(ls: readonly Listener[]): string {
  const rows: string[][] = [];
  for (const l of ls) {
    const addr = l.address.socketAddress?.address ?? '';
    const port = String(l.address.socketAddress?.portValue ?? '');
    const chains = [...(l.filterChains ?? []), ...(l.defaultFilterChain ? [l.defaultFilterChain] : [])];
    if (chains.length === 0) rows.push([addr, port, 'ALL', '']);
    for (const fc of chains) rows.push([addr, port, fc === l.defaultFilterChain ? 'ALL (default)' : chainMatch(fc), chainDestination(fc)]);
  }
  return table(['ADDRESSES', 'PORT', 'MATCH', 'DESTINATION'], rows);
}

export function routeTable(rs: readonly RouteConfiguration[]): string {
  const rows: string[][] = [];
  for (const rc of rs) {
    for (const vh of rc.virtualHosts ?? []) {
      for (const r of vh.routes ?? [{ match: {} } as never]) {
        const m = r.match ?? {};
        const match = m.prefix !== undefined ? `${m.prefix}*` : m.path ?? (m.safeRegex ? m.safeRegex.regex : '/*');
        const cfg = r.metadata?.filterMetadata?.istio?.config;
        const p = typeof cfg === 'string' ? parseConfigPath(cfg) : undefined;
        const domains = vh.domains.length > 2 ? `${vh.domains[0]} + ${vh.domains.length - 1} more...` : vh.domains.join(', ');
        rows.push([rc.name, vh.name, domains, match, p ? `${p.name}.${p.namespace}` : r.directResponse ? `${r.directResponse.status}` : '']);
      }
    }
  }
  return table(['NAME', 'VHOST NAME', 'DOMAINS', 'MATCH', 'VIRTUAL SERVICE'], rows);
}

export function clusterTable(cs: readonly Cluster[]): string {
  const rows = cs.map((c) => {
    const k = parseSubsetKey(c.name);
    const cfg = c.metadata?.filterMetadata?.istio?.config;
    const p = typeof cfg === 'string' ? parseConfigPath(cfg) : undefined;
    const dr = p ? `${p.name}.${p.namespace}` : '';
    return k ? [k.hostname || '-', String(k.port), k.subset || '-', k.direction, c.type ?? 'EDS', dr] : [c.name, '-', '-', '-', c.type ?? 'EDS', dr];
  });
  return table(['SERVICE FQDN', 'PORT', 'SUBSET', 'DIRECTION', 'TYPE', 'DESTINATION RULE'], rows);
}

export function endpointTable(es: readonly ClusterLoadAssignment[]): string {
  const rows: string[][] = [];
  for (const e of es) {
    for (const l of e.endpoints ?? []) {
      for (const ep of l.lbEndpoints ?? []) {
        const sa = ep.endpoint?.address.socketAddress;
        rows.push([sa ? `${sa.address}:${sa.portValue ?? ''}` : '', ep.healthStatus ?? 'HEALTHY', 'OK', e.clusterName]);
      }
    }
  }
  return table(['ENDPOINT', 'STATUS', 'OUTLIER CHECK', 'CLUSTER'], rows);
}

export function secretTable(ss: readonly Secret[]): string {
  const rows = ss.map((s) => [s.name, s.tlsCertificate ? 'Cert Chain' : 'CA', 'ACTIVE', s.tlsCertificate?.certificateChain?.filename ?? s.validationContext?.trustedCa?.filename ?? (s.tlsCertificate || s.validationContext ? 'inline' : '')]);
  return table(['RESOURCE NAME', 'TYPE', 'STATUS', 'SOURCE'], rows);
}
