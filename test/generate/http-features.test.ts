/**
 * Every VirtualService HTTP feature → the Envoy route Istio makes of it, generated for a router
 * (gateway-bound rules) and checked field by field, then against Envoy's protos.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Route } from '../../src/envoy/types.ts';
import { generateFor, protoIssues, snapshotFromYaml } from './helpers.ts';

const BASE = `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*"]
---
apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: default}
spec:
  selector: {app: reviews}
  ports: [{name: http, port: 9080}]
---
apiVersion: v1
kind: Service
metadata: {name: ratings, namespace: default}
spec:
  selector: {app: ratings}
  ports: [{name: http, port: 9080}, {name: grpc, port: 9090}]
`;

function routesOf(http: string): Route[] {
  const yaml = `${BASE}---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs, namespace: default}
spec:
  hosts: [bookinfo.example.com]
  gateways: [istio-system/gw]
  http:
${http}`;
  const g = generateFor(snapshotFromYaml(yaml), { istio: 'ingressgateway' }, 'istio-system');
  assert.deepEqual(protoIssues(g.resources), []);
  const vh = g.resources.routes.find((r) => r.name === 'http.80')!.virtualHosts!.find((v) => v.name === 'bookinfo.example.com:80');
  assert.ok(vh, 'virtual host bookinfo.example.com:80');
  return vh.routes!;
}

test('match kinds: uri exact/prefix/regex, method, authority, scheme, headers, withoutHeaders, queryParams, ignoreUriCase', () => {
  const [r] = routesOf(`
  - match:
    - uri: {exact: /a}
      method: {exact: GET}
      authority: {prefix: book}
      scheme: {exact: https}
      headers: {x-b: {regex: "v[0-9]"}, x-a: {exact: "1"}, x-present: {}}
      withoutHeaders: {x-debug: {exact: "1"}}
      queryParams: {q: {exact: "x"}, p: {}}
      ignoreUriCase: true
    route: [{destination: {host: reviews}}]
`);
  assert.equal(r.match.path, '/a');
  assert.equal(r.match.caseSensitive, false);
  assert.deepEqual(r.match.headers, [
    { name: 'x-a', stringMatch: { exact: '1' } },
    { name: 'x-b', stringMatch: { safeRegex: { regex: 'v[0-9]' } } },
    { name: 'x-debug', stringMatch: { exact: '1' }, invertMatch: true, treatMissingHeaderAsEmpty: true },
    { name: 'x-present', presentMatch: true },
    { name: ':method', stringMatch: { exact: 'GET' } },
    { name: ':authority', stringMatch: { prefix: 'book' } },
    { name: ':scheme', stringMatch: { exact: 'https' } },
  ]);
  assert.deepEqual(r.match.queryParameters, [
    { name: 'q', stringMatch: { exact: 'x' } },
    { name: 'p', presentMatch: true },
  ]);
  const [p] = routesOf(`
  - match: [{uri: {regex: "/v[12]/.*"}}]
    route: [{destination: {host: reviews}}]
`);
  assert.deepEqual(p.match, { safeRegex: { regex: '/v[12]/.*' } });
});

test('match port, gateways and sourceLabels filter rules; rules after a catch-all are dropped', () => {
  const rs = routesOf(`
  - match: [{port: 8080, uri: {prefix: /wrong-port}}]
    route: [{destination: {host: reviews}}]
  - match: [{gateways: [mesh], uri: {prefix: /mesh-only}}]
    route: [{destination: {host: reviews}}]
  - match: [{gateways: [istio-system/gw], uri: {prefix: /gw}}]
    route: [{destination: {host: reviews}}]
  - match: [{sourceLabels: {app: other}, uri: {prefix: /src}}]
    route: [{destination: {host: reviews}}]
  - route: [{destination: {host: ratings, port: {number: 9080}}}]
  - route: [{destination: {host: reviews}}]
`);
  assert.deepEqual(rs.map((r) => r.match.prefix), ['/gw', '/']);
  assert.equal(rs[1].route!.cluster, 'outbound|9080||ratings.default.svc.cluster.local');
  assert.equal(rs[0].route!.cluster, 'outbound|9080||reviews.default.svc.cluster.local', 'single-port service: its port');
});

test('weighted subsets, rewrite, authority, regex rewrite, timeout, retries with codes, header operations', () => {
  const [r] = routesOf(`
  - name: main
    match: [{name: api, uri: {prefix: /api}}]
    rewrite: {uri: /v1, authority: internal}
    timeout: 1.5s
    retries: {attempts: 3, perTryTimeout: 250ms, retryOn: "5xx,gateway-error,503,504"}
    headers:
      request: {set: {x-set: a}, add: {x-add: b}, remove: [x-remove]}
      response: {set: {x-resp: c}}
    route:
    - destination: {host: reviews, subset: v1}
      weight: 25
      headers: {request: {set: {x-subset: v1}}}
    - destination: {host: reviews, subset: v2}
      weight: 75
`);
  assert.equal(r.name, 'main.api');
  const a = r.route!;
  assert.deepEqual(a.weightedClusters, {
    clusters: [
      { name: 'outbound|9080|v1|reviews.default.svc.cluster.local', weight: 25, requestHeadersToAdd: [{ header: { key: 'x-subset', value: 'v1' }, appendAction: 'OVERWRITE_IF_EXISTS_OR_ADD' }] },
      { name: 'outbound|9080|v2|reviews.default.svc.cluster.local', weight: 75 },
    ],
  });
  assert.equal(a.prefixRewrite, '/v1');
  assert.equal(a.hostRewriteLiteral, 'internal');
  assert.equal(a.timeout, '1.500s');
  assert.equal(a.maxGrpcTimeout, '1.500s');
  assert.equal(a.retryPolicy!.numRetries, 3);
  assert.equal(a.retryPolicy!.retryOn, '5xx,gateway-error,retriable-status-codes');
  assert.deepEqual(a.retryPolicy!.retriableStatusCodes, [503, 504]);
  assert.equal(a.retryPolicy!.perTryTimeout, '0.250s');
  assert.deepEqual(r.requestHeadersToAdd, [
    { header: { key: 'x-set', value: 'a' }, appendAction: 'OVERWRITE_IF_EXISTS_OR_ADD' },
    { header: { key: 'x-add', value: 'b' }, appendAction: 'APPEND_IF_EXISTS_OR_ADD' },
  ]);
  assert.deepEqual(r.requestHeadersToRemove, ['x-remove']);
  assert.deepEqual(r.responseHeadersToAdd, [{ header: { key: 'x-resp', value: 'c' }, appendAction: 'OVERWRITE_IF_EXISTS_OR_ADD' }]);
  assert.equal(r.decorator!.operation, 'vs:80/api*');
  const [rr] = routesOf(`
  - rewrite: {uriRegexRewrite: {match: "^/old/(.*)$", rewrite: "/new/\\\\1"}}
    retries: {attempts: 0}
    route: [{destination: {host: reviews}}]
`);
  assert.deepEqual(rr.route!.regexRewrite, { pattern: { regex: '^/old/(.*)$' }, substitution: '/new/\\1' });
  assert.equal(rr.route!.retryPolicy, undefined, 'attempts 0 disables retries');
});

test('redirect, direct response, mirrors with percentages, CORS and fault injection', () => {
  const rs = routesOf(`
  - match: [{uri: {prefix: /old}}]
    redirect: {uri: /new, authority: example.org, scheme: https, port: 8443, redirectCode: 302}
  - match: [{uri: {prefix: /same-port}}]
    redirect: {uri: /x, derivePort: FROM_REQUEST_PORT}
  - match: [{uri: {exact: /health}}]
    directResponse: {status: 200, body: {string: ok}}
  - match: [{uri: {prefix: /m}}]
    mirror: {host: ratings, port: {number: 9080}}
    mirrorPercentage: {value: 12.5}
    route: [{destination: {host: reviews}}]
  - match: [{uri: {prefix: /ms}}]
    mirrors:
    - destination: {host: reviews, subset: v2}
      percentage: {value: 50}
    - destination: {host: ratings, port: {number: 9080}}
    route: [{destination: {host: reviews}}]
  - corsPolicy:
      allowOrigins: [{exact: "https://a.example"}, {regex: ".*\\\\.b\\\\.example"}]
      allowMethods: [GET, POST]
      allowHeaders: [x-a]
      exposeHeaders: [x-b]
      maxAge: 24h
      allowCredentials: true
    fault:
      delay: {fixedDelay: 5s, percentage: {value: 0.1}}
      abort: {httpStatus: 503, percentage: {value: 1}}
    route: [{destination: {host: reviews}}]
`);
  assert.deepEqual(rs[0].redirect, { hostRedirect: 'example.org', pathRedirect: '/new', schemeRedirect: 'https', portRedirect: 8443, responseCode: 'FOUND' });
  assert.deepEqual(rs[1].redirect, { pathRedirect: '/x' }, 'FROM_REQUEST_PORT 80 over http is the default port');
  assert.deepEqual(rs[2].directResponse, { status: 200, body: { inlineString: 'ok' } });
  assert.deepEqual(rs[3].route!.requestMirrorPolicies, [
    { cluster: 'outbound|9080||ratings.default.svc.cluster.local', runtimeFraction: { defaultValue: { numerator: 125000, denominator: 'MILLION' } }, traceSampled: false },
  ]);
  assert.deepEqual(rs[4].route!.requestMirrorPolicies, [
    { cluster: 'outbound|9080|v2|reviews.default.svc.cluster.local', runtimeFraction: { defaultValue: { numerator: 500000, denominator: 'MILLION' } }, traceSampled: false },
    { cluster: 'outbound|9080||ratings.default.svc.cluster.local', runtimeFraction: { defaultValue: { numerator: 100, denominator: 'HUNDRED' } }, traceSampled: false },
  ]);
  const cfg = rs[5].typedPerFilterConfig!;
  assert.deepEqual(cfg['envoy.filters.http.fault'], {
    '@type': 'type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault',
    delay: { fixedDelay: '5s', percentage: { numerator: 1000, denominator: 'MILLION' } },
    abort: { httpStatus: 503, percentage: { numerator: 10000, denominator: 'MILLION' } },
  });
  assert.deepEqual(cfg['envoy.filters.http.cors'], {
    '@type': 'type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy',
    allowOriginStringMatch: [{ exact: 'https://a.example' }, { safeRegex: { regex: '.*\\.b\\.example' } }],
    allowMethods: 'GET,POST',
    allowHeaders: 'x-a',
    exposeHeaders: 'x-b',
    maxAge: '86400',
    allowCredentials: true,
    filterEnabled: { defaultValue: { numerator: 100, denominator: 'HUNDRED' } },
    forwardNotMatchingPreflights: true,
  });
  assert.equal(rs.at(-1)!.match.prefix, '/', 'catch-all last');
});

test('delegate VirtualService: the root match and the delegate match intersect', () => {
  const yaml = `${BASE}---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: root, namespace: default}
spec:
  hosts: [bookinfo.example.com]
  gateways: [istio-system/gw]
  http:
  - match: [{uri: {prefix: /reviews}}]
    delegate: {name: reviews-delegate, namespace: default}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews-delegate, namespace: default}
spec:
  http:
  - match: [{uri: {prefix: /reviews/v2}, headers: {end-user: {exact: jason}}}]
    route: [{destination: {host: reviews, subset: v2}}]
  - match: [{uri: {prefix: /ratings}}]
    route: [{destination: {host: ratings}}]
  - route: [{destination: {host: reviews, subset: v1}}]
`;
  const g = generateFor(snapshotFromYaml(yaml), { istio: 'ingressgateway' }, 'istio-system');
  const rs = g.resources.routes[0].virtualHosts!.find((v) => v.name === 'bookinfo.example.com:80')!.routes!;
  assert.deepEqual(rs.map((r) => [r.match.prefix, r.route!.cluster]), [
    ['/reviews/v2', 'outbound|9080|v2|reviews.default.svc.cluster.local'],
    ['/reviews', 'outbound|9080|v1|reviews.default.svc.cluster.local'],
  ]);
  assert.deepEqual(rs[0].match.headers, [{ name: 'end-user', stringMatch: { exact: 'jason' } }]);
});
