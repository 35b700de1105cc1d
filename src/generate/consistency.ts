/**
 * Self-consistency of one proxy's resources (go-control-plane's snapshot check): every route
 * configuration a listener names over RDS exists, every cluster a route, TCP proxy or mirror
 * names exists, every EDS cluster has a load assignment, and every SDS secret exists (workload
 * identity secrets `default` / `ROOTCA` are supplied by the security subsystem and exempt). A
 * route or tcp_proxy naming a missing cluster is a warning: Envoy accepts it and answers 503 NC.
 */
import type { Any, FilterChain, ProxyResources, Route } from '../envoy/types.ts';
import { referencedSecretNames } from './listener/downstream-tls.ts';
import { ROOT_CA_SECRET, WORKLOAD_CERT_SECRET } from './cluster/upstream-tls.ts';

export interface ConsistencyProblem {
  /** `error`: the resources cannot be applied as sent; `warning`: requests there fail (Envoy's 503 NC), as in Istio. */
  severity: 'error' | 'warning';
  kind: 'route' | 'cluster' | 'endpoint' | 'secret';
  name: string;
  referencedBy: string;
}

const EXTERNAL_SECRETS = new Set([WORKLOAD_CERT_SECRET, ROOT_CA_SECRET]);

export function checkConsistency(r: ProxyResources): ConsistencyProblem[] {
  const problems: ConsistencyProblem[] = [];
  const routes = new Set(r.routes.map((x) => x.name));
  const clusters = new Set(r.clusters.map((x) => x.name));
  const cla = new Set(r.endpoints.map((x) => x.clusterName));
  const secrets = new Set(r.secrets.map((x) => x.name));
  const needCluster = (name: string, by: string): void => {
    if (!clusters.has(name)) problems.push({ severity: 'warning', kind: 'cluster', name, referencedBy: by });
  };
  const needSecrets = (tc: Any | undefined, by: string): void => {
    for (const s of tc ? referencedSecretNames(tc as { commonTlsContext?: never }) : []) if (!secrets.has(s) && !EXTERNAL_SECRETS.has(s)) problems.push({ severity: 'error', kind: 'secret', name: s, referencedBy: by });
  };
  for (const l of r.listeners) {
    for (const fc of [...(l.filterChains ?? []), ...(l.defaultFilterChain ? [l.defaultFilterChain] : [])]) {
      needSecrets(fc.transportSocket?.typedConfig, `listener ${l.name}`);
      chainReferences(fc, (route) => routes.has(route) || problems.push({ severity: 'error', kind: 'route', name: route, referencedBy: `listener ${l.name}` }), (c) => needCluster(c, `listener ${l.name}`), (rt) => routeClusters(rt, (c) => needCluster(c, `listener ${l.name}`)));
    }
  }
  for (const rc of r.routes) for (const vh of rc.virtualHosts ?? []) for (const rt of vh.routes ?? []) routeClusters(rt, (c) => needCluster(c, `route ${rc.name} virtual host ${vh.name}`));
  for (const c of r.clusters) {
    if (c.type === 'EDS' && !cla.has(c.edsClusterConfig?.serviceName ?? c.name)) problems.push({ severity: 'error', kind: 'endpoint', name: c.edsClusterConfig?.serviceName ?? c.name, referencedBy: `cluster ${c.name}` });
    needSecrets(c.transportSocket?.typedConfig, `cluster ${c.name}`);
  }
  return problems;
}

function chainReferences(fc: FilterChain, rds: (name: string) => unknown, cluster: (name: string) => void, inlineRoute: (r: Route) => void): void {
  for (const f of fc.filters ?? []) {
    const tc = f.typedConfig as Record<string, any> | undefined;
    if (!tc) continue;
    if (tc.rds?.routeConfigName !== undefined) rds(tc.rds.routeConfigName);
    for (const vh of tc.routeConfig?.virtualHosts ?? []) for (const rt of vh.routes ?? []) inlineRoute(rt);
    if (typeof tc.cluster === 'string') cluster(tc.cluster);
    for (const wc of tc.weightedClusters?.clusters ?? []) cluster(wc.name);
  }
}

function routeClusters(rt: Route, need: (c: string) => void): void {
  if (rt.route?.cluster) need(rt.route.cluster);
  for (const wc of rt.route?.weightedClusters?.clusters ?? []) need(wc.name);
  for (const m of rt.route?.requestMirrorPolicies ?? []) need(m.cluster);
}
