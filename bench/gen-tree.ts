/**
 * Generates a configuration tree of N mixed resources, the shape of a real mesh repository: one folder
 * per namespace, one multi-document file per application (Service, Deployment, DestinationRule with
 * subsets, VirtualService with several routes, AuthorizationPolicy), plus shared Gateways,
 * ServiceEntries, PeerAuthentications and Sidecars; every tenth application file is JSON (a kubectl
 * List), one VirtualService in four matches a regular expression of its own. Only kinds registered in
 * the kind table at run time are emitted, so the tree is valid whatever subset of kinds exists.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { lookupKind } from '../src/api/kinds.ts';

export interface GeneratedTree {
  root: string;
  resources: number;
  files: number;
  /** Resources per kind. */
  kinds: Record<string, number>;
}

type Doc = { group: string; kind: string; text: string };

const doc = (group: string, kind: string, text: string): Doc => ({ group, kind, text });

function application(ns: string, app: string, i: number): Doc[] {
  const host = `${app}.${ns}.svc.cluster.local`;
  return [
    doc('', 'Service', `apiVersion: v1
kind: Service
metadata:
  name: ${app}
  namespace: ${ns}
  labels: {app: ${app}}
spec:
  selector: {app: ${app}}
  ports:
  - name: http
    port: 80
    targetPort: 8080
  - name: grpc-api
    port: 9090
`),
    doc('apps', 'Deployment', `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}-v1
  namespace: ${ns}
spec:
  replicas: 2
  selector:
    matchLabels: {app: ${app}, version: v1}
  template:
    metadata:
      labels: {app: ${app}, version: v1}
    spec:
      containers:
      - name: app
        image: registry.example.com/${app}:1.${i % 10}.0
        ports:
        - containerPort: 8080
`),
    doc('networking.istio.io', 'DestinationRule', `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ${app}
  namespace: ${ns}
spec:
  host: ${host}
  trafficPolicy:
    connectionPool:
      tcp: {maxConnections: 100, connectTimeout: 3s}
      http: {http1MaxPendingRequests: 64, maxRequestsPerConnection: 10}
    outlierDetection:
      consecutive5xxErrors: 5
      interval: 10s
      baseEjectionTime: 30s
      maxEjectionPercent: 50
    loadBalancer:
      simple: ROUND_ROBIN
  subsets:
  - name: v1
    labels: {version: v1}
  - name: v2
    labels: {version: v2}
    trafficPolicy:
      loadBalancer:
        consistentHash: {httpHeaderName: x-user}
`),
    doc('networking.istio.io', 'VirtualService', `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${app}
  namespace: ${ns}
spec:
  hosts:
  - ${host}
  - ${app}.example.com
  gateways:
  - mesh
  - istio-system/public
  http:
  - name: canary
    match:
    - headers:
        x-canary: {exact: "true"}
      uri: {prefix: /api/}
    route:
    - destination: {host: ${host}, subset: v2, port: {number: 80}}
    timeout: 5s
  - name: api
    match:
    - uri: ${i % 4 === 0 ? `{regex: "^/${app}/v[0-9]+/.*"}` : '{prefix: /api/v1/}'}
    retries:
      attempts: 3
      perTryTimeout: 2s
      retryOn: connect-failure,refused-stream,503
    route:
    - destination: {host: ${host}, subset: v1}
      weight: 90
    - destination: {host: ${host}, subset: v2}
      weight: 10
  - name: fault
    match:
    - uri: {exact: /chaos}
    fault:
      abort: {httpStatus: 503, percentage: {value: 10}}
      delay: {fixedDelay: 1.5s, percentage: {value: 5}}
    route:
    - destination: {host: ${host}}
  - name: default
    route:
    - destination: {host: ${host}, subset: v1}
`),
    doc('security.istio.io', 'AuthorizationPolicy', `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: ${app}
  namespace: ${ns}
spec:
  selector:
    matchLabels: {app: ${app}}
  action: ALLOW
  rules:
  - from:
    - source:
        principals: ["cluster.local/ns/${ns}/sa/frontend"]
    to:
    - operation:
        methods: ["GET", "POST"]
        paths: ["/api/*"]
    when:
    - key: request.headers[x-tenant]
      values: ["t-${i % 7}"]
`),
  ];
}

function shared(ns: string, n: number): Doc[] {
  return [
    doc('networking.istio.io', 'Gateway', `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw-${n}
  namespace: ${ns}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 443, name: https-${n}, protocol: HTTPS}
    hosts: ["${ns}/*.example.com"]
    tls: {mode: SIMPLE, credentialName: cert-${n}}
  - port: {number: 80, name: http-${n}, protocol: HTTP}
    hosts: ["*.example.com"]
    tls: {httpsRedirect: true}
`),
    doc('networking.istio.io', 'ServiceEntry', `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: external-${n}
  namespace: ${ns}
spec:
  hosts: ["api-${n}.partner.example.org", "cdn-${n}.example.net"]
  location: MESH_EXTERNAL
  resolution: DNS
  ports:
  - {number: 443, name: https, protocol: TLS}
`),
    doc('security.istio.io', 'PeerAuthentication', `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default-${n}
  namespace: ${ns}
spec:
  mtls: {mode: STRICT}
`),
    doc('networking.istio.io', 'Sidecar', `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: default-${n}
  namespace: ${ns}
spec:
  egress:
  - hosts: ["./*", "istio-system/*"]
`),
  ];
}

function render(docs: Doc[], json: boolean): string {
  if (!json) return docs.map((d) => d.text).join('---\n');
  // JSON has no multi-document form: a kubectl List of the same objects.
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: docs.map((d) => parse(d.text)) }, null, 2) + '\n';
}

/** Writes about `count` resources under `root` (exactly `count` when every kind is registered). */
export function generateTree(root: string, count: number): GeneratedTree {
  const registered = (d: Doc): boolean => lookupKind(d.group, d.kind) !== undefined;
  const out: GeneratedTree = { root, resources: 0, files: 0, kinds: {} };
  let app = 0;
  for (let ns = 0; out.resources < count; ns++) {
    const nsName = `team-${String(ns).padStart(3, '0')}`;
    const dir = join(root, nsName, ns % 2 === 0 ? 'apps' : 'services/apps');
    mkdirSync(dir, { recursive: true });
    const batches: Doc[][] = [shared(nsName, ns).filter(registered)];
    for (let k = 0; k < 20 && out.resources < count; k++, app++) batches.push(application(nsName, `app-${app}`, app).filter(registered));
    for (const [b, docs] of batches.entries()) {
      const take = docs.slice(0, count - out.resources);
      if (take.length === 0) continue;
      const json = b > 0 && (app - batches.length + b + 1) % 10 === 0;
      const name = b === 0 ? 'mesh.yaml' : `app-${app - batches.length + b + 1}.${json ? 'json' : 'yaml'}`;
      writeFileSync(join(dir, name), render(take, json));
      out.files++;
      out.resources += take.length;
      for (const d of take) out.kinds[d.kind] = (out.kinds[d.kind] ?? 0) + 1;
    }
    if (batches.every((d) => d.length === 0)) throw new Error('no registered kinds to generate');
  }
  return out;
}
