/**
 * Builds a whole `ProxyResources` bundle into runtime configuration before anything is swapped:
 * secrets, endpoints, cluster specs, route tables and listeners (with their filters from the
 * extension registry). Every problem is collected with its location; any error rejects the bundle.
 */
import type { ClusterLoadAssignment, ProxyResources } from '../../envoy/types.ts';
import { ListenerConfig } from '../listener/listener-config.ts';
import { RouteTable } from '../router/route-table.ts';
import { SecretStore } from '../secrets/secret-store.ts';
import type { ProxyServices } from '../services.ts';
import { buildClusterSpec, type ClusterSpec } from '../upstream/cluster-spec.ts';
import { IssueCollector } from './config-error.ts';

export interface BuiltConfig {
  resources: ProxyResources;
  secrets: SecretStore;
  clusters: ClusterSpec[];
  routeTables: Map<string, RouteTable>;
  listeners: ListenerConfig[];
}

export interface BuildResult {
  config: BuiltConfig | undefined;
  errors: string[];
  warnings: string[];
}

const KINDS = ['listeners', 'routes', 'clusters', 'endpoints', 'secrets'] as const;

function uniqueNames<T>(items: T[], nameOf: (t: T) => unknown, kind: string, issues: IssueCollector): void {
  const seen = new Set<unknown>();
  for (const it of items) {
    const n = nameOf(it);
    if (seen.has(n)) issues.errors.push(`duplicate ${kind} "${String(n)}"`);
    seen.add(n);
  }
}

export function buildConfig(resources: ProxyResources, services: ProxyServices): BuildResult {
  const issues = new IssueCollector();
  if (!resources || typeof resources !== 'object') return { config: undefined, errors: ['resources must be an object {listeners, routes, clusters, endpoints, secrets}'], warnings: [] };
  for (const k of KINDS) {
    const v = resources[k];
    if (v !== undefined && !Array.isArray(v)) issues.errors.push(`resources.${k} must be an array`);
  }
  if (issues.errors.length > 0) return { config: undefined, errors: issues.errors, warnings: [] };
  const r: ProxyResources = { listeners: resources.listeners ?? [], routes: resources.routes ?? [], clusters: resources.clusters ?? [], endpoints: resources.endpoints ?? [], secrets: resources.secrets ?? [] };

  const secrets = issues.attempt('secrets', () => new SecretStore(r.secrets)) ?? new SecretStore([]);
  uniqueNames(r.endpoints, (e) => e?.clusterName, 'ClusterLoadAssignment', issues);
  const cla = new Map<string, ClusterLoadAssignment>(r.endpoints.map((e) => [e?.clusterName, e]));

  uniqueNames(r.clusters, (c) => c?.name, 'cluster', issues);
  const clusters: ClusterSpec[] = [];
  for (const c of r.clusters) {
    const where = `cluster "${c?.name}"`;
    const spec = issues.attempt(where, () => buildClusterSpec(c, cla, secrets, (m) => issues.warn(where, m)));
    if (spec) clusters.push(spec);
  }
  const clusterNames = new Set(r.clusters.map((c) => c?.name));

  uniqueNames(r.routes, (rc) => rc?.name, 'route configuration', issues);
  const routeTables = new Map<string, RouteTable>();
  for (const rc of r.routes) {
    const where = `route "${rc?.name}"`;
    const table = issues.attempt(where, () => new RouteTable(rc, (m) => issues.warnings.push(m)));
    if (!table) continue;
    routeTables.set(table.name, table);
    if (table.validateClusters) for (const name of table.referencedClusters) if (!clusterNames.has(name)) issues.errors.push(`${where}: references unknown cluster "${name}" (validateClusters is on)`);
  }

  uniqueNames(r.listeners, (l) => l?.name, 'listener', issues);
  const build = { secrets, routeTables, clusterNames };
  const listeners: ListenerConfig[] = [];
  for (const l of r.listeners) {
    const where = `listener "${l?.name}"`;
    const cfg = issues.attempt(where, () => new ListenerConfig(l, build, services, (m) => issues.warnings.push(m)));
    if (cfg) listeners.push(cfg);
  }
  const bound = new Map<string, string>();
  for (const l of listeners) {
    if (!l.bindToPort || l.bindPort === 0) continue;
    const prev = bound.get(l.key);
    if (prev) issues.errors.push(`listeners "${prev}" and "${l.name}" both bind ${l.key}`);
    bound.set(l.key, l.name);
  }
  if (issues.errors.length > 0) return { config: undefined, errors: issues.errors, warnings: issues.warnings };
  return { config: { resources: r, secrets, clusters, routeTables, listeners }, errors: [], warnings: issues.warnings };
}
