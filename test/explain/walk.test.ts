/**
 * explainRequest step by step on small configurations: route conditions that fail (with the
 * reasons as near-misses), redirects, httpsRedirect (requireTls), weighted splits, 100% fault
 * aborts, missing subsets (503 NC), no listener, the gateway Service's port translation, a
 * sidecar's outbound walk, and AuthorizationPolicy verdicts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explainRequest } from '../../src/explain/index.ts';
import { explainAtGateway, snapshotFromYaml, stages } from './helpers.ts';

const base = (servers: string, vsSpec: string): string => `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: default}
spec:
  selector: {istio: ingressgateway}
  servers:
${servers}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8000}]
---
apiVersion: networking.istio.io/v1
kind: WorkloadEntry
metadata: {name: web-v1, namespace: default}
spec: {address: 127.0.0.31, labels: {app: web, version: v1}}
---
apiVersion: networking.istio.io/v1
kind: WorkloadEntry
metadata: {name: web-v2, namespace: default}
spec: {address: 127.0.0.32, labels: {app: web, version: v2}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: web, namespace: default}
spec:
  host: web
  subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web, namespace: default}
spec:
  hosts: [web.example.com]
  gateways: [gw]
${vsSpec}`;

const http80 = '  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["web.example.com"]';
const V1 = 'outbound|80|v1|web.default.svc.cluster.local';
const V2 = 'outbound|80|v2|web.default.svc.cluster.local';

test('header and query matches: the first matching route wins; failed conditions are near-misses with the rule line', () => {
  const snap = snapshotFromYaml(
    base(
      http80,
      `  http:
  - name: canary
    match: [{headers: {x-canary: {exact: "true"}}, uri: {prefix: /api}}]
    route: [{destination: {host: web, subset: v2}}]
  - name: debug
    match: [{queryParams: {debug: {exact: "1"}}}]
    route: [{destination: {host: web, subset: v2}}]
  - route: [{destination: {host: web, subset: v1}}]`,
    ),
  );
  const canary = explainAtGateway(snap, { url: 'http://web.example.com/api/x', headers: { 'X-Canary': 'true' } });
  assert.equal(canary.outcome.cluster, V2);
  assert.equal(canary.steps.find((s) => s.stage === 'route')?.name, 'canary');
  const plain = explainAtGateway(snap, 'http://web.example.com/api/x?debug=2');
  assert.equal(plain.outcome.cluster, V1);
  const why = plain.nearMisses.map((n) => `${n.what} ${n.why}`);
  assert.deepEqual(why, [
    'route "canary" of virtual host web.example.com:80 does not match: header x-canary == "true" (request has none)',
    'route "debug" of virtual host web.example.com:80 does not match: query parameter debug == "1" (request has "2")',
  ]);
  assert.equal(plain.nearMisses[0].source?.line, 43, "the line of the match that failed");
  assert.equal(explainAtGateway(snap, 'http://web.example.com/?debug=1').outcome.cluster, V2);
});

test('redirect, direct response, 100% fault abort, weighted split, rewrite and timeout', () => {
  const snap = snapshotFromYaml(
    base(
      http80,
      `  http:
  - match: [{uri: {prefix: /old}}]
    redirect: {uri: /new, redirectCode: 302}
  - match: [{uri: {exact: /down}}]
    directResponse: {status: 503}
  - match: [{uri: {exact: /teapot}}]
    fault: {abort: {httpStatus: 418, percentage: {value: 100}}}
    route: [{destination: {host: web, subset: v1}}]
  - match: [{uri: {prefix: /v1/}}]
    rewrite: {uri: /}
    timeout: 3s
    route: [{destination: {host: web, subset: v1}}]
  - route: [{destination: {host: web, subset: v1}, weight: 25}, {destination: {host: web, subset: v2}, weight: 75}]`,
    ),
  );
  const redirect = explainAtGateway(snap, 'http://web.example.com/old/page?x=1');
  assert.deepEqual([redirect.outcome.kind, redirect.outcome.status, redirect.outcome.location], ['redirect', 302, 'http://web.example.com/new?x=1']);
  assert.deepEqual([explainAtGateway(snap, 'http://web.example.com/down').outcome.status], [503]);
  const teapot = explainAtGateway(snap, 'http://web.example.com/teapot');
  assert.deepEqual([teapot.outcome.kind, teapot.outcome.status], ['fault-abort', 418]);
  const rewritten = explainAtGateway(snap, 'http://web.example.com/v1/ip');
  assert.deepEqual(rewritten.outcome.rewrites, { path: '/ip' });
  assert.equal(rewritten.outcome.timeout, '3s');
  const split = explainAtGateway(snap, 'http://web.example.com/');
  assert.equal(split.outcome.cluster, V2);
  assert.deepEqual(split.outcome.weighted, [
    { cluster: V1, weight: 25, share: 25 },
    { cluster: V2, weight: 75, share: 75 },
  ]);
});

test('httpsRedirect (requireTls) answers 301 to https; a subset without DestinationRule is 503 NC', () => {
  const redirect = explainAtGateway(snapshotFromYaml(base(`${http80}\n    tls: {httpsRedirect: true}`, '  http:\n  - route: [{destination: {host: web}}]')), 'http://web.example.com/a');
  assert.deepEqual([redirect.outcome.kind, redirect.outcome.status, redirect.outcome.location], ['redirect', 301, 'https://web.example.com/a']);
  const nc = explainAtGateway(snapshotFromYaml(base(http80, '  http:\n  - route: [{destination: {host: web, subset: v9}}]')), 'http://web.example.com/');
  assert.deepEqual([nc.outcome.kind, nc.outcome.status, nc.outcome.cluster], ['cluster-not-found', 503, 'outbound|80|v9|web.default.svc.cluster.local']);
});

test('no listener on the port; the gateway Service port is translated to its targetPort', () => {
  const snap = snapshotFromYaml(base(http80, '  http:\n  - route: [{destination: {host: web, subset: v1}}]'));
  const none = explainAtGateway(snap, 'http://web.example.com:8081/');
  assert.equal(none.outcome.kind, 'no-listener');
  assert.match(none.outcome.summary, /no listener on port 8081 \(it listens on 80\)/);
  const svc = `
---
apiVersion: v1
kind: Service
metadata: {name: istio-ingressgateway, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  ports: [{name: http2, port: 80, targetPort: 8080}]`;
  const translated = explainAtGateway(snapshotFromYaml(base(http80, '  http:\n  - route: [{destination: {host: web, subset: v1}}]') + svc), 'http://web.example.com/');
  assert.equal(translated.steps[0].name, '0.0.0.0_8080');
  assert.equal(translated.outcome.cluster, V1);
  assert.ok(translated.notes.some((n) => /targetPort 8080/.test(n)));
});

test('a sidecar: outbound listener, route configuration "80", the mesh VirtualService', () => {
  const snap = snapshotFromYaml(base(http80, '  http:\n  - route: [{destination: {host: web, subset: v1}}]').replace('gateways: [gw]', 'gateways: [gw, mesh]').replace('hosts: [web.example.com]', 'hosts: [web.example.com, web]'));
  const r = explainRequest({ snapshot: snap, labels: { app: 'sleep' }, namespace: 'default', type: 'sidecar' }, { url: 'http://web/ip' });
  assert.deepEqual(stages(r).slice(0, 4), ['listener 0.0.0.0_80', 'filterChain #0', 'routeConfiguration 80', 'virtualHost web.default.svc.cluster.local:80']);
  assert.equal(r.outcome.cluster, V1);
});

test('AuthorizationPolicy on the gateway: DENY for /admin is reported (not yet enforced by the generated config)', () => {
  const policy = `
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: no-admin, namespace: istio-system}
spec:
  selector: {matchLabels: {istio: ingressgateway}}
  action: DENY
  rules: [{to: [{operation: {paths: ["/admin*"]}}]}]`;
  const snap = snapshotFromYaml(base(http80, '  http:\n  - route: [{destination: {host: web, subset: v1}}]') + policy);
  const denied = explainAtGateway(snap, 'http://web.example.com/admin/users');
  const steps = denied.steps.filter((s) => s.stage === 'policy');
  assert.equal(steps[0].name, 'istio-system/no-admin');
  assert.match(steps[0].detail, /^DENY policy on the gateway istio-system\/\S+: rule 0 matches$/);
  assert.match(steps[1].detail, /^deny: DENY policy istio-system\/no-admin rule 0 matches/);
  assert.ok(denied.notes.some((n) => /Istio would deny this request at the gateway/.test(n)));
  const allowed = explainAtGateway(snap, 'http://web.example.com/public');
  assert.match(allowed.steps.filter((s) => s.stage === 'policy')[1].detail, /^allow: /);
});
