/**
 * `sextant proxy-config listener|route|cluster|endpoint|secret|all --config DIR --labels k=v[,k=v]
 * [--namespace NS] [--name NAME] [--port N] [--fqdn HOST] [--type router|sidecar] [-o short|json|yaml]`:
 * offline, the Envoy resources the control plane would send to the workload with those labels
 * (a router when a Gateway selects them, else a sidecar), as istioctl's table or Envoy's proto3 JSON.
 */
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import type { ProxyResources } from '../../envoy/types.ts';
import { generateWithReport } from '../../generate/index.ts';
import { parseSubsetKey } from '../../generate/names.ts';
import { proxyForWorkload } from '../../model/workload-proxy.ts';
import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { loadWorkloadMesh, WORKLOAD_OPTIONS } from '../workload-mesh.ts';
import { clusterTable, endpointTable, listenerTable, routeTable, secretTable } from './format.ts';

const TYPES = ['listener', 'route', 'cluster', 'endpoint', 'secret', 'all'] as const;
type ResourceType = (typeof TYPES)[number];
const ALIASES: Record<string, ResourceType> = { listeners: 'listener', routes: 'route', clusters: 'cluster', endpoints: 'endpoint', secrets: 'secret', l: 'listener', r: 'route', c: 'cluster', ep: 'endpoint' };

export const proxyConfigCommand: Command = {
  name: 'proxy-config',
  summary: 'Show the Envoy configuration generated for a workload (listeners, routes, clusters, endpoints, secrets)',
  usage: 'sextant proxy-config listener|route|cluster|endpoint|secret|all --config DIR --labels k=v[,k=v] [--namespace NS] [--name NAME] [--port N] [--fqdn HOST] [--type router|sidecar] [-o short|json|yaml]',
  run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        ...WORKLOAD_OPTIONS,
        name: { type: 'string' },
        port: { type: 'string' },
        fqdn: { type: 'string' },
        output: { type: 'string', short: 'o', default: 'short' },
      },
    });
    const kind = positionals[0] ? (ALIASES[positionals[0]] ?? positionals[0]) : undefined;
    if (!kind || !(TYPES as readonly string[]).includes(kind)) throw new UsageError(`proxy-config needs a resource type: ${TYPES.join('|')}`);
    if (!['short', 'json', 'yaml'].includes(values.output!)) throw new UsageError(`unknown output format "${values.output}"; use short, json or yaml`);
    const { snapshot, labels, namespace, type } = loadWorkloadMesh('proxy-config', values, io);
    const proxy = proxyForWorkload(snapshot, labels, { namespace, type });
    const report = generateWithReport(proxy, snapshot);
    for (const p of report.problems) io.stderr(`warning: ${p.kind} ${p.name}: ${p.message}\n`);
    const filtered = filter(report.resources, { name: values.name, port: values.port ? Number(values.port) : undefined, fqdn: values.fqdn });
    io.stdout(render(kind as ResourceType, filtered, values.output as 'short' | 'json' | 'yaml'));
    return EXIT.OK;
  },
};

interface Filter {
  name?: string;
  port?: number;
  fqdn?: string;
}

export function filter(r: ProxyResources, f: Filter): ProxyResources {
  const byName = <T>(list: T[], name: (x: T) => string): T[] => (f.name ? list.filter((x) => name(x) === f.name) : list);
  const clusterOk = (name: string): boolean => {
    const k = parseSubsetKey(name);
    if (f.port !== undefined && k?.port !== f.port) return false;
    return !f.fqdn || k?.hostname === f.fqdn;
  };
  return {
    listeners: byName(r.listeners, (l) => l.name).filter((l) => f.port === undefined || l.address.socketAddress?.portValue === f.port),
    routes: byName(r.routes, (x) => x.name),
    clusters: byName(r.clusters, (c) => c.name).filter((c) => clusterOk(c.name)),
    endpoints: byName(r.endpoints, (e) => e.clusterName).filter((e) => clusterOk(e.clusterName)),
    secrets: byName(r.secrets, (s) => s.name),
  };
}

export function render(kind: ResourceType, r: ProxyResources, output: 'short' | 'json' | 'yaml'): string {
  const pick: Record<Exclude<ResourceType, 'all'>, unknown[]> = { listener: r.listeners, route: r.routes, cluster: r.clusters, endpoint: r.endpoints, secret: r.secrets };
  if (output !== 'short') {
    const value = kind === 'all' ? r : pick[kind];
    return output === 'json' ? JSON.stringify(value, null, 2) + '\n' : stringify(value);
  }
  const tables: Record<Exclude<ResourceType, 'all'>, () => string> = {
    listener: () => listenerTable(r.listeners),
    route: () => routeTable(r.routes),
    cluster: () => clusterTable(r.clusters),
    endpoint: () => endpointTable(r.endpoints),
    secret: () => secretTable(r.secrets),
  };
  if (kind !== 'all') return tables[kind]();
  return (['listener', 'route', 'cluster', 'endpoint', 'secret'] as const).map((k) => tables[k]()).join('\n');
}
