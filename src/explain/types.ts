/**
 * The shapes `explainRequest` takes and returns: the request to explain, each step of the walk
 * through the generated Envoy configuration (with the Istio resource and file:line behind it),
 * the outcome (status, cluster, endpoints, rewrites, retries, timeouts, faults, policies), and the
 * near-misses of a request that did not go where it was meant to.
 */

export interface ExplainRequestInput {
  /** `http://host[:port]/path?query` or `https://...`. */
  url: string;
  method?: string;
  /** Extra request headers, names case-insensitive. */
  headers?: Record<string, string> | readonly (readonly [string, string])[];
  /** TLS server name sent (defaults to the URL host for https). */
  sni?: string;
  /** Port the connection is made to (defaults to the URL port, else 80/443). */
  port?: number;
}

/** The Istio resource a step comes from, with where it is written. */
export interface Provenance {
  kind: string;
  namespace: string;
  name: string;
  file?: string;
  line?: number;
}

export type StepStage = 'listener' | 'filterChain' | 'routeConfiguration' | 'virtualHost' | 'route' | 'cluster' | 'endpoints' | 'policy';

export interface ExplainStep {
  stage: StepStage;
  /** The Envoy object's name (`0.0.0.0_80`, `http.80`, `httpbin.local:80`, ...). */
  name: string;
  /** What was chosen and why, in one sentence. */
  detail: string;
  source?: Provenance;
}

export interface WeightedTarget {
  cluster: string;
  weight: number;
  /** Percentage of requests, 0..100. */
  share: number;
}

export interface EndpointInfo {
  address: string;
  port: number;
  health: string;
  /** `version` label of the workload behind it, when known. */
  version?: string;
  workload?: string;
}

export type OutcomeKind = 'forward' | 'direct-response' | 'fault-abort' | 'redirect' | 'tcp-forward' | 'no-listener' | 'connection-closed' | 'no-route' | 'tls-required' | 'cluster-not-found' | 'no-healthy-upstream' | 'rejected-config';

export interface ExplainOutcome {
  kind: OutcomeKind;
  /** The response status the client sees when the proxy answers itself (404, 301, 503, ...). */
  status?: number;
  /** The upstream cluster (the one with all the weight, or the first of a weighted split). */
  cluster?: string;
  weighted?: WeightedTarget[];
  /** Subset and service behind the cluster (from `outbound|PORT|SUBSET|HOST`). */
  service?: { host: string; port: number; subset?: string };
  endpoints?: EndpointInfo[];
  location?: string;
  rewrites?: { path?: string; host?: string };
  timeout?: string;
  retries?: { attempts: number; retryOn?: string; perTryTimeout?: string; retriableStatusCodes?: number[] };
  faults?: { abort?: { status: number; percent: number }; delay?: { fixedDelay: string; percent: number } };
  mirrors?: { cluster: string; percent: number }[];
  /** One sentence. */
  summary: string;
}

export interface NearMiss {
  /** What was close (a virtual host, a route, a VirtualService, a Gateway server). */
  what: string;
  /** Why it did not take the request, and what to change — a predicate: `${what} ${why}` reads as a sentence. */
  why: string;
  source?: Provenance;
  /** Lower is nearer. */
  distance: number;
}

export interface ExplainResult {
  proxy: { type: 'router' | 'sidecar'; id: string; namespace: string; labels: Record<string, string> };
  request: { method: string; scheme: string; authority: string; host: string; port: number; path: string; sni?: string; headers: Record<string, string> };
  steps: ExplainStep[];
  outcome: ExplainOutcome;
  nearMisses: NearMiss[];
  /** Configuration problems met on the way (rejected Gateway servers, routes the proxy would refuse). */
  notes: string[];
}
