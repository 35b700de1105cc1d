/** Shared helpers for the generation tests: load YAML into a snapshot, generate for a workload, validate against Envoy's protos. */
import { join } from 'node:path';
import { loadPaths, loadText } from '../../src/config/load.ts';
import { isDeepStrictEqual } from 'node:util';
import { canonicalResource, formatIssue, validateResource } from '../../src/envoy/proto.ts';
import { TYPE_URL } from '../../src/envoy/type-urls.ts';
import type { ProxyResources } from '../../src/envoy/types.ts';
import { generateWithReport, type GenerationReport } from '../../src/generate/index.ts';
import type { Proxy } from '../../src/model/proxy.ts';
import { buildSnapshot, type MeshSnapshot } from '../../src/model/snapshot.ts';
import { proxyForWorkload } from '../../src/model/workload-proxy.ts';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

export function snapshotFromDir(dir: string): MeshSnapshot {
  const r = loadPaths([join(FIXTURES, dir)]);
  const errors = r.diagnostics.filter((d) => d.severity === 'Error');
  if (errors.length) throw new Error(`fixture ${dir} has errors: ${errors.map((d) => `${d.file}:${d.line} ${d.message}`).join('; ')}`);
  return buildSnapshot(r.resources);
}

export function snapshotFromYaml(text: string): MeshSnapshot {
  const r = loadText(text, 'test.yaml');
  const errors = r.diagnostics.filter((d) => d.severity === 'Error');
  if (errors.length) throw new Error(`test YAML has errors: ${errors.map((d) => `${d.line}: ${d.message}`).join('; ')}`);
  return buildSnapshot(r.resources);
}

export function generateFor(snapshot: MeshSnapshot, labels: Record<string, string>, namespace?: string): GenerationReport & { proxy: Proxy } {
  const proxy = proxyForWorkload(snapshot, labels, { namespace });
  return { proxy, ...generateWithReport(proxy, snapshot) };
}

/** Every resource against Envoy's protos; returns `kind name: issue` strings (empty = valid). */
export function protoIssues(r: ProxyResources): string[] {
  const out: string[] = [];
  const check = (url: string, kind: string, name: string, json: unknown): void => {
    for (const i of validateResource(url, json)) if (i.severity === 'error') out.push(`${kind} ${name}: ${formatIssue(i)}`);
  };
  for (const x of r.listeners) check(TYPE_URL.listener, 'Listener', x.name, x);
  for (const x of r.routes) check(TYPE_URL.route, 'RouteConfiguration', x.name, x);
  for (const x of r.clusters) check(TYPE_URL.cluster, 'Cluster', x.name, x);
  for (const x of r.endpoints) check(TYPE_URL.endpoint, 'ClusterLoadAssignment', x.clusterName, x);
  for (const x of r.secrets) check(TYPE_URL.secret, 'Secret', x.name, x);
  return out;
}

/** Resources that do not survive an encode → decode through Envoy's protos unchanged (config_dump form). */
export function roundTripDifferences(r: ProxyResources): string[] {
  const out: string[] = [];
  const check = (url: string, name: string, json: unknown): void => {
    if (!isDeepStrictEqual(canonicalResource(url, json), json)) out.push(name);
  };
  for (const x of r.listeners) check(TYPE_URL.listener, `Listener ${x.name}`, x);
  for (const x of r.routes) check(TYPE_URL.route, `RouteConfiguration ${x.name}`, x);
  for (const x of r.clusters) check(TYPE_URL.cluster, `Cluster ${x.name}`, x);
  for (const x of r.endpoints) check(TYPE_URL.endpoint, `ClusterLoadAssignment ${x.clusterName}`, x);
  for (const x of r.secrets) check(TYPE_URL.secret, `Secret ${x.name}`, x);
  return out;
}
