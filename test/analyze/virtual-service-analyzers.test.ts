/**
 * VirtualService analyzers, each with a fixture that triggers it and the corrected fixture that
 * does not: IST0101 (gateway, host, host:port, subset), IST0109, IST0112, IST0130, IST0131,
 * IST0132 and SXT0003.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeYaml, docs, expectCode, gateway, service } from './helpers.ts';

const reviews = service('reviews', 'default');
const dr = `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: default}
spec:
  host: reviews
  subsets:
  - {name: v1, labels: {version: v1}}
  - {name: v2, labels: {version: v2}}`;

const vs = (spec: string, name = 'reviews', ns = 'default'): string => `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: ${ns}}
spec:
${spec}`;

test('IST0101 gateway: a short name is resolved in the VirtualService namespace; the hint names the real Gateway', () => {
  const gw = gateway('public', 'istio-system', '  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["*"]');
  const bad = vs('  hosts: [reviews.example.com]\n  gateways: [public]\n  http:\n  - route:\n    - destination: {host: reviews}');
  const [m] = expectCode(analyzeYaml(docs(gw, reviews, bad)), 'IST0101', 1);
  assert.equal(m.level, 'Error');
  assert.deepEqual(m.origin, { kind: 'VirtualService', namespace: 'default', name: 'reviews' });
  assert.equal(m.line, 23, 'points at the gateways entry');
  assert.match(m.message, /^Referenced gateway not found: "public"\. No Gateway default\/public .*Gateway istio-system\/public exists — write "istio-system\/public"/);
  const good = bad.replace('gateways: [public]', 'gateways: [istio-system/public]');
  expectCode(analyzeYaml(docs(gw, reviews, good)), 'IST0101', 0);
});

test('IST0101 host and host:port: unknown destination host, and a port the service does not expose', () => {
  const bad = vs('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reveiws}\n    mirror: {host: reviews, port: {number: 9080}}');
  const ms = expectCode(analyzeYaml(docs(reviews, bad)), 'IST0101', 2);
  assert.match(ms[0].message, /Referenced host not found: "reveiws".*did you mean "reviews\.default\.svc\.cluster\.local"\?/);
  assert.match(ms[1].message, /Referenced host:port not found: "reviews:9080".*exposes port\(s\) 80/);
  const good = vs('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n    mirror: {host: reviews, port: {number: 80}}');
  expectCode(analyzeYaml(docs(reviews, good)), 'IST0101', 0);
});

test('IST0101 host: a Service hidden by its exportTo annotation is named with the fix', () => {
  const hidden = service('ratings', 'backend').replace('namespace: backend}', "namespace: backend, annotations: {networking.istio.io/exportTo: '.'}}");
  const bad = vs('  hosts: [ratings.backend.svc.cluster.local]\n  http:\n  - route:\n    - destination: {host: ratings.backend.svc.cluster.local}', 'ratings', 'frontend');
  const [m] = expectCode(analyzeYaml(docs(hidden, bad)), 'IST0101', 1);
  assert.match(m.message, /Service backend\/ratings defines it but its exportTo \[\.\] hides it from namespace frontend/);
  expectCode(analyzeYaml(docs(service('ratings', 'backend'), bad)), 'IST0101', 0);
});

test('IST0101 subset: the subset must be defined by a DestinationRule for the host', () => {
  const bad = vs('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews, subset: v3}');
  const [m] = expectCode(analyzeYaml(docs(reviews, dr, bad)), 'IST0101', 1);
  assert.match(m.message, /Referenced host\+subset in destinationrule not found: "reviews\+v3"\. The DestinationRule for reviews\.default\.svc\.cluster\.local defines subset\(s\) v1, v2/);
  const noDr = expectCode(analyzeYaml(docs(reviews, bad)), 'IST0101', 1)[0];
  assert.match(noDr.message, /No DestinationRule has host reviews\.default\.svc\.cluster\.local; add one/);
  expectCode(analyzeYaml(docs(reviews, dr, bad.replace('v3', 'v2'))), 'IST0101', 0);
});

test('IST0109: two mesh VirtualServices for one host; exportTo separating them removes the conflict', () => {
  const a = vs('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}', 'reviews-a');
  const b = vs('  hosts: [reviews.default.svc.cluster.local]\n  http:\n  - route:\n    - destination: {host: reviews}', 'reviews-b');
  const ms = expectCode(analyzeYaml(docs(reviews, a, b)), 'IST0109', 2);
  assert.match(ms[0].message, /The VirtualServices default\/reviews-a,default\/reviews-b associated with mesh gateway define the same host reviews\.default\.svc\.cluster\.local/);
  assert.equal(ms[0].level, 'Error');
  const scoped = b.replace('spec:\n', 'spec:\n  exportTo: [other]\n');
  expectCode(analyzeYaml(docs(reviews, a.replace('spec:\n', 'spec:\n  exportTo: ["."]\n'), scoped)), 'IST0109', 0);
});

test('IST0112: a destination of a multi-port service without port', () => {
  const multi = service('reviews', 'default', '  - {name: http, port: 80}\n  - {name: grpc, port: 9090}');
  const bad = vs('  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}');
  const [m] = expectCode(analyzeYaml(docs(multi, bad)), 'IST0112', 1);
  assert.match(m.message, /routes to a service "reviews" that exposes multiple ports \[80 9090\].*Add `port: \{number: N\}` to this destination with N one of 80 \(http\), 9090 \(grpc\)/);
  expectCode(analyzeYaml(docs(multi, bad.replace('{host: reviews}', '{host: reviews, port: {number: 80}}'))), 'IST0112', 0);
});

test('IST0130 / IST0131: rules shadowed by earlier matches, including covering prefixes', () => {
  const spec = `  hosts: [reviews]
  http:
  - name: all-api
    match: [{uri: {prefix: /api}}]
    route: [{destination: {host: reviews}}]
  - name: v1-api
    match: [{uri: {prefix: /api/v1}}]
    route: [{destination: {host: reviews}}]
  - name: mixed
    match: [{uri: {exact: /api/x}}, {uri: {exact: /health}}]
    route: [{destination: {host: reviews}}]
  - route: [{destination: {host: reviews}}]
  - name: after-catch-all
    match: [{uri: {exact: /late}}]
    route: [{destination: {host: reviews}}]`;
  const ms = analyzeYaml(docs(reviews, vs(spec)));
  const unreachable = expectCode(ms, 'IST0130', 2);
  assert.match(unreachable[0].message, /^VirtualService rule "v1-api" not used \(all matches used by prior rules\)\. Rule "all-api" already matches/);
  assert.match(unreachable[1].message, /^VirtualService rule "after-catch-all" not used \(route without matches defined before\)\. Rule #3 has no match/);
  const [ineffective] = expectCode(ms, 'IST0131', 1);
  assert.equal(ineffective.level, 'Info');
  assert.match(ineffective.message, /^VirtualService rule "mixed" match #0 is not used \(duplicate\/overlapping match in rule "all-api"\)/);
  const fixed = `  hosts: [reviews]
  http:
  - match: [{uri: {prefix: /api/v1}}]
    route: [{destination: {host: reviews}}]
  - match: [{uri: {prefix: /api}, headers: {x-user: {exact: a}}}]
    route: [{destination: {host: reviews}}]
  - match: [{uri: {prefix: /api}}]
    route: [{destination: {host: reviews}}]
  - route: [{destination: {host: reviews}}]`;
  const ok = analyzeYaml(docs(reviews, vs(fixed)));
  expectCode(ok, 'IST0130', 0);
  expectCode(ok, 'IST0131', 0);
});

test('IST0132: bound to a Gateway that accepts none of the hosts (seed 001), with the host to add', () => {
  const gw = gateway('httpbin-gateway', 'default', '  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["httpbin.local"]');
  const bad = vs('  hosts: [httpbin-service]\n  gateways: [httpbin-gateway, mesh]\n  http:\n  - route:\n    - destination: {host: httpbin-service}', 'httpbin');
  const svc = service('httpbin-service', 'default');
  const [m] = expectCode(analyzeYaml(docs(gw, svc, bad)), 'IST0132', 1);
  assert.equal(m.level, 'Warning');
  assert.match(m.message, /^one or more host \[httpbin-service\] defined in VirtualService default\/httpbin not found in Gateway default\/httpbin-gateway\. Gateway default\/httpbin-gateway accepts httpbin\.local; add the host clients use \(e\.g\. "httpbin\.local"\)/);
  expectCode(analyzeYaml(docs(gw, svc, bad.replace('[httpbin-service]', '[httpbin-service, httpbin.local]'))), 'IST0132', 0);
});

test('IST0132: a namespace-restricted Gateway host says which namespaces it admits', () => {
  const gw = gateway('public', 'default', '  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["team-a/*.example.com"]');
  const bad = vs('  hosts: [shop.example.com]\n  gateways: [default/public]\n  http:\n  - route:\n    - destination: {host: reviews.default.svc.cluster.local}', 'shop', 'team-b');
  const [m] = expectCode(analyzeYaml(docs(gw, reviews, bad)), 'IST0132', 1);
  assert.match(m.message, /only admits VirtualServices from namespace\(s\) team-a/);
  expectCode(analyzeYaml(docs(gw, reviews, bad.replace('namespace: team-b', 'namespace: team-a'))), 'IST0132', 0);
});

test('SXT0003: exportTo hides a VirtualService from the namespace of its gateway workload', () => {
  const gw = gateway('public', 'istio-system', '  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["*"]');
  const deploy = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: istio-ingressgateway, namespace: istio-system}
spec:
  selector: {matchLabels: {istio: ingressgateway}}
  template:
    metadata: {labels: {istio: ingressgateway}}
    spec: {containers: [{name: istio-proxy, image: istio/proxyv2}]}`;
  const bad = vs('  hosts: [shop.example.com]\n  exportTo: ["."]\n  gateways: [istio-system/public]\n  http:\n  - route:\n    - destination: {host: reviews}', 'shop');
  const [m] = expectCode(analyzeYaml(docs(gw, deploy, reviews, bad)), 'SXT0003', 1);
  assert.match(m.message, /exportTo \[\.\] hides it from namespace "istio-system".*Add "istio-system" to spec\.exportTo/);
  expectCode(analyzeYaml(docs(gw, deploy, reviews, bad.replace('exportTo: ["."]', 'exportTo: [".", istio-system]'))), 'SXT0003', 0);
});
