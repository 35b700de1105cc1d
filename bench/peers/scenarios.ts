/**
 * The scenarios of the peers benchmark (issue 5), as data: S1 one HTTP/1.1 hop at 16 and 64
 * connections; S2 HTTPS termination (ECDSA P-256), keep-alive and one request per connection; S3
 * HTTP/2 downstream (h2c, 16 connections × 10 streams); S4 route scale (10, 1,000, 10,000 host/path
 * routes); S5 the two-hop mTLS chain (not measurable yet: a stub); S6 idle footprint with 0, 100 and
 * 1,000 clusters.
 */
import type { LoadCase } from './measure.ts';
import { clusterTable, routeTable, type RouteTable } from './route-table.ts';

export const SCENARIO_IDS = ['S1', 'S2', 'S3', 'S4', 'S5', 'S6'] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

export interface ScenarioOptions {
  originPorts: [number, number];
  /** Fixed request rate (req/s) of the latency runs. */
  rate: number;
}

interface Base {
  id: ScenarioId;
  title: string;
  /** What is measured, one paragraph of Markdown. */
  what: string;
}

export interface LoadScenario extends Base {
  kind: 'load';
  needsTls: boolean;
  cases(o: ScenarioOptions): LoadCase[];
}

export interface FootprintScenario extends Base {
  kind: 'footprint';
  cases(o: ScenarioOptions): { label: string; clusters: number; table: RouteTable }[];
}

export interface StubScenario extends Base {
  kind: 'stub';
}

export type Scenario = LoadScenario | FootprintScenario | StubScenario;

/** The routing work of S1–S3: 10 host/path routes (2 hosts × 5 prefixes) to two upstreams. */
const BASE_ROUTES = 10;

export const SCENARIOS: Record<ScenarioId, Scenario> = {
  S1: {
    id: 'S1', kind: 'load', needsTls: false,
    title: 'S1 — one HTTP/1.1 hop, 1 KB responses',
    what: 'Plaintext HTTP/1.1 with keep-alive through the proxy to the origin, 10 host/path routes, at 16 and at 64 connections.',
    cases: (o) => [16, 64].map((n) => ({ label: `${n} connections`, table: routeTable(BASE_ROUTES, o.originPorts), tls: false, h2c: false, connections: n, protocol: 'h1' as const, fixedRate: o.rate })),
  },
  S2: {
    id: 'S2', kind: 'load', needsTls: true,
    title: 'S2 — HTTPS termination at the proxy (ECDSA P-256)',
    what: 'TLS terminated at the proxy with an ECDSA P-256 certificate generated at run time, HTTP/1.1 inside, plaintext to the origin. Keep-alive (16 connections), and a new connection for every request (16 concurrent; saturation only, so no fixed-rate columns). Every peer offers TLS 1.2 and 1.3 (nginx is configured to: 1.22 offers only up to 1.2 by default); the TLS column shows what each negotiated with the probe client and whether it resumed that client\'s session. wrk offers each new connection the session ticket of its previous one, so part of the handshakes are TLS 1.3 resumptions (still with an X25519 exchange) and the rest full handshakes with an ECDSA signature.',
    cases: (o) => [
      { label: 'keep-alive, 16 connections', table: routeTable(BASE_ROUTES, o.originPorts), tls: true, h2c: false, connections: 16, protocol: 'h1' as const, fixedRate: o.rate },
      { label: 'new connection per request, 16 concurrent', table: routeTable(BASE_ROUTES, o.originPorts), tls: true, h2c: false, connections: 16, protocol: 'h1' as const, newConnection: true },
    ],
  },
  S3: {
    id: 'S3', kind: 'load', needsTls: false,
    title: 'S3 — HTTP/2 downstream (h2c), 16 connections × 10 streams',
    what: 'HTTP/2 with prior knowledge (h2c) from h2load to the proxy, 16 connections with 10 concurrent streams each; HTTP/1.1 from the proxy to the origin.',
    cases: (o) => [{ label: '16 connections × 10 streams', table: routeTable(BASE_ROUTES, o.originPorts), tls: false, h2c: true, connections: 16, protocol: 'h2' as const, streams: 10, fixedRate: o.rate }],
  },
  S4: {
    id: 'S4', kind: 'load', needsTls: false,
    title: 'S4 — route scale: 10, 1,000 and 10,000 host/path routes',
    what: 'As S1 at 16 connections, with 10, 1,000 and 10,000 routes (5 path prefixes per virtual host, so 2, 200 and 2,000 hosts). The load targets the last route of the last host.',
    cases: (o) => [10, 1000, 10000].map((n) => ({ label: `${n.toLocaleString('en-US')} routes`, table: routeTable(n, o.originPorts), tls: false, h2c: false, connections: 16, protocol: 'h1' as const, fixedRate: o.rate })),
  },
  S5: {
    id: 'S5', kind: 'stub',
    title: 'S5 — two-hop mTLS chain with authorization and access logging',
    what: 'Not yet measurable: it needs the security issue (workload identities, mTLS between proxies and the authorization filter). No figure is published until it lands.',
  },
  S6: {
    id: 'S6', kind: 'footprint',
    title: 'S6 — idle footprint with 0, 100 and 1,000 clusters',
    what: 'Memory of the idle proxy (no load; one request checks the last route) configured with N clusters, each reached by its own virtual host. RSS is summed over the process tree; PSS splits shared pages (nginx master + worker). Start-up is the time from spawn to the listener accepting connections.',
    cases: (o) => [0, 100, 1000].map((n) => ({ label: `${n.toLocaleString('en-US')} clusters`, clusters: n, table: clusterTable(n, o.originPorts[0]) })),
  },
};

/** Parses `S1,S3` (case-insensitive); throws on an unknown id. */
export function parseScenarioList(text: string | undefined): ScenarioId[] {
  if (!text || text === 'all') return [...SCENARIO_IDS];
  const out: ScenarioId[] = [];
  for (const raw of text.split(',')) {
    const id = raw.trim().toUpperCase();
    if (!id) continue;
    if (!(SCENARIO_IDS as readonly string[]).includes(id)) throw new Error(`unknown scenario "${raw}"; known: ${SCENARIO_IDS.join(', ')}`);
    if (!out.includes(id as ScenarioId)) out.push(id as ScenarioId);
  }
  return out;
}
