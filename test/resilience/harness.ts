/**
 * Hand-written Envoy bundles for the resilience tests, in the shape the control plane generates
 * for an ingress gateway: one HTTP listener (fault → router filters, JSON access log) with one
 * virtual host, STATIC clusters whose endpoints are the test backends on 127.0.0.x (with weights,
 * localities, priorities and health when asked), and readers for the proxy's stats and logs.
 */
import type { Cluster, HashPolicy, HttpConnectionManager, LbEndpoint, LocalityLbEndpoints, ProxyResources, Route, VirtualHost } from '../../src/envoy/types.ts';
import { TYPE_URL } from '../../src/envoy/type-urls.ts';
import { seededRandom } from '../../src/proxy/common/random.ts';
import type { ProxyOptions } from '../../src/proxy/index.ts';
import { startProxy, type Reply, type TestProxy } from '../helpers/http-client.ts';
import { accessLog, faultFilter, hcm, listener, router } from '../proxy/fixtures.ts';
import type { Backend } from './backends.ts';

export const DOMAIN = 'svc.example.com';

export interface EndpointOpts {
  weight?: number;
  health?: LbEndpoint['healthStatus'];
}

/** One LocalityLbEndpoints group of backends. */
export function locality(backends: readonly Backend[], o: { zone?: string; region?: string; weight?: number; priority?: number; endpoints?: EndpointOpts[] } = {}): LocalityLbEndpoints {
  const out: LocalityLbEndpoints = {
    lbEndpoints: backends.map((b, i) => {
      const e: LbEndpoint = { endpoint: { address: { socketAddress: { address: b.address, portValue: b.port } } } };
      const eo = o.endpoints?.[i];
      if (eo?.weight !== undefined) e.loadBalancingWeight = eo.weight;
      if (eo?.health) e.healthStatus = eo.health;
      return e;
    }),
  };
  if (o.zone || o.region) out.locality = { region: o.region ?? 'r', zone: o.zone ?? '' };
  if (o.weight !== undefined) out.loadBalancingWeight = o.weight;
  if (o.priority !== undefined) out.priority = o.priority;
  return out;
}

/** A STATIC cluster over backends (or explicit locality groups). */
export function cluster(name: string, backends: readonly Backend[] | LocalityLbEndpoints[], extra: Partial<Cluster> = {}): Cluster {
  const groups = backends.length > 0 && 'port' in (backends[0] as object) ? [locality(backends as Backend[])] : (backends as LocalityLbEndpoints[]);
  return { name, type: 'STATIC', connectTimeout: '1s', lbPolicy: 'ROUND_ROBIN', loadAssignment: { clusterName: name, endpoints: groups }, ...extra };
}

/** An h2c cluster (HTTP/2 to the upstream, as for gRPC services). */
export function h2Cluster(name: string, backends: readonly Backend[], extra: Partial<Cluster> = {}): Cluster {
  return cluster(name, backends, { typedExtensionProtocolOptions: { 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': { '@type': TYPE_URL.httpProtocolOptions, explicitHttpConfig: { http2ProtocolOptions: {} } } }, ...extra });
}

export function route(prefix: string, action: NonNullable<Route['route']>, extra: Partial<Route> = {}): Route {
  return { match: { prefix }, route: { timeout: '0s', ...action }, ...extra };
}

/** A gateway bundle: listener `http` (fault, router, JSON access log), route config `http.80`. */
export function gateway(routes: Route[], clusters: Cluster[], o: { vhost?: Partial<VirtualHost>; hcm?: Partial<HttpConnectionManager> } = {}): ProxyResources {
  const vh: VirtualHost = { name: `${DOMAIN}:80`, domains: [DOMAIN, '*'], routes, includeRequestAttemptCount: true, ...o.vhost };
  return {
    listeners: [listener('http', [{ filters: [hcm('http.80', { accessLog: [accessLog('json')], httpFilters: [faultFilter(), router()], ...o.hcm })] }])],
    routes: [{ name: 'http.80', virtualHosts: [vh], validateClusters: false }],
    clusters,
    endpoints: [],
    secrets: [],
  };
}

/** Starts the proxy with a seeded random source (deterministic sampling) unless told otherwise. */
export function start(resources: ProxyResources, opts: ProxyOptions = {}): Promise<TestProxy> {
  return startProxy(resources, { random: seededRandom(7), ...opts });
}

/** `/stats` as a map (`cluster.NAME.upstream_rq_retry` → value). */
export async function stats(p: TestProxy): Promise<Map<string, number>> {
  const text = await p.proxy.admin.statsText();
  return new Map(
    text
      .trim()
      .split('\n')
      .map((l) => {
        const i = l.lastIndexOf(': ');
        return [l.slice(0, i), Number(l.slice(i + 2))] as [string, number];
      }),
  );
}

export async function clusterStat(p: TestProxy, clusterName: string, stat: string): Promise<number | undefined> {
  return (await stats(p)).get(`cluster.${clusterName}.${stat}`);
}

export interface LogLine {
  response_code: string;
  response_flags: string;
  upstream_host: string;
  path: string;
  [k: string]: unknown;
}

export function logs(p: TestProxy): LogLine[] {
  return p.logs.map((l) => JSON.parse(l) as LogLine);
}

/** Polls an async condition (stats read through the admin API) until it holds. */
export async function eventually(cond: () => Promise<boolean>, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The name of the backend that answered (the test backends echo it in their JSON body). */
export const backendOf = (r: Reply): string => JSON.parse(r.body).backend as string;

/** Runs `fn` against a proxy routing `/` to cluster `c` (with `hashPolicy` on the route), then stops it. */
export async function withCluster<T>(c: Cluster, hashPolicy: HashPolicy[] | undefined, fn: (port: number) => Promise<T>): Promise<T> {
  const p = await start(gateway([route('/', { cluster: c.name, ...(hashPolicy ? { hashPolicy } : {}) })], [c]));
  try {
    return await fn(p.port());
  } finally {
    await p.stop();
  }
}
