/**
 * go-control-plane's rule that a snapshot is self-consistent before it is served: every RDS route
 * configuration name a listener asks for is in the bundle, every cluster a route or TCP proxy sends
 * to exists, every EDS cluster has its ClusterLoadAssignment, every SDS secret served over ADS
 * exists, and names are unique per type. Unreferenced routes/endpoints/secrets are warnings.
 */
import { clusterEdsName, clusterSecretNames, listenerInlineRoutes, listenerRouteNames, listenerSecretNames, listenerTcpClusterNames, routeClusterNames } from './references.ts';
import type { ProxyResources } from './types.ts';

export interface ConsistencyIssue {
  severity: 'error' | 'warning';
  /** `Listener 0.0.0.0_80`, `RouteConfiguration http.80`, `Cluster outbound|80||a.ns.svc.cluster.local`, ... */
  resource: string;
  message: string;
}

function duplicates(kind: string, names: string[], issues: ConsistencyIssue[]): void {
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) issues.push({ severity: 'error', resource: `${kind} ${n}`, message: `duplicate ${kind} name "${n}"` });
    seen.add(n);
  }
}

/** Checks a bundle's cross references; [] (or warnings only) means it can be served. */
export function validateProxyResources(bundle: ProxyResources): ConsistencyIssue[] {
  const issues: ConsistencyIssue[] = [];
  const err = (resource: string, message: string) => issues.push({ severity: 'error', resource, message });
  duplicates('Listener', bundle.listeners.map((l) => l.name), issues);
  duplicates('RouteConfiguration', bundle.routes.map((r) => r.name), issues);
  duplicates('Cluster', bundle.clusters.map((c) => c.name), issues);
  duplicates('ClusterLoadAssignment', bundle.endpoints.map((e) => e.clusterName), issues);
  duplicates('Secret', bundle.secrets.map((s) => s.name), issues);

  const routes = new Set(bundle.routes.map((r) => r.name));
  const clusters = new Set(bundle.clusters.map((c) => c.name));
  const endpoints = new Set(bundle.endpoints.map((e) => e.clusterName));
  const secrets = new Set(bundle.secrets.map((s) => s.name));
  const usedRoutes = new Set<string>();
  const usedEndpoints = new Set<string>();
  const usedSecrets = new Set<string>();

  for (const l of bundle.listeners) {
    const where = `Listener ${l.name}`;
    for (const r of listenerRouteNames(l)) {
      usedRoutes.add(r);
      if (!routes.has(r)) err(where, `RDS route configuration "${r}" is not in the bundle`);
    }
    for (const c of listenerTcpClusterNames(l)) if (!clusters.has(c)) err(where, `tcp_proxy cluster "${c}" is not in the bundle`);
    for (const rc of listenerInlineRoutes(l)) {
      for (const c of routeClusterNames(rc)) if (!clusters.has(c)) err(where, `inline route configuration "${rc.name}" sends to cluster "${c}", which is not in the bundle`);
    }
    for (const s of listenerSecretNames(l)) {
      usedSecrets.add(s);
      if (!secrets.has(s)) err(where, `SDS secret "${s}" is not in the bundle`);
    }
  }
  for (const rc of bundle.routes) {
    for (const c of routeClusterNames(rc)) if (!clusters.has(c)) err(`RouteConfiguration ${rc.name}`, `route sends to cluster "${c}", which is not in the bundle`);
  }
  for (const c of bundle.clusters) {
    const eds = clusterEdsName(c);
    if (eds !== undefined) {
      usedEndpoints.add(eds);
      if (!endpoints.has(eds)) err(`Cluster ${c.name}`, `EDS service "${eds}" has no ClusterLoadAssignment in the bundle`);
    }
    for (const s of clusterSecretNames(c)) {
      usedSecrets.add(s);
      if (!secrets.has(s)) err(`Cluster ${c.name}`, `SDS secret "${s}" is not in the bundle`);
    }
  }
  const warn = (resource: string, message: string) => issues.push({ severity: 'warning', resource, message });
  for (const r of routes) if (!usedRoutes.has(r)) warn(`RouteConfiguration ${r}`, 'no listener refers to this route configuration');
  for (const e of endpoints) if (!usedEndpoints.has(e)) warn(`ClusterLoadAssignment ${e}`, 'no EDS cluster refers to this load assignment');
  for (const s of secrets) if (!usedSecrets.has(s)) warn(`Secret ${s}`, 'no listener or cluster refers to this secret');
  return issues;
}
