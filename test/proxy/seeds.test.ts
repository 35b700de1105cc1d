/**
 * The seed scenarios end to end over loopback: seed 001's ingress walk-through (blackhole 404 with
 * route `default`, still 404 without a matching virtual host, then 200 through weighted subsets,
 * with the JSON access log fields), seed 000's two FQDNs on one TLS port chosen by SNI with their
 * own certificates, and seed 002's `426 Upgrade Required` for HTTP/1.0.
 */
import assert from 'node:assert/strict';
import https from 'node:https';
import { after, before, test } from 'node:test';
import { startHttpbin, type HttpbinServer } from '../../src/samples/httpbin/index.ts';
import { createCa, type TestCa } from '../helpers/certs.ts';
import { rawExchange, request, startProxy, until, type TestProxy } from '../helpers/http-client.ts';
import { accessLog, blackhole, bundle, certSecret, downstreamTls, edsCluster, cla, hcm, httpBundle, listener, TLS_INSPECTOR } from './fixtures.ts';

const V1 = 'outbound|80|v1|httpbin-service.default.svc.cluster.local';
const V2 = 'outbound|80|v2|httpbin-service.default.svc.cluster.local';

let v1: HttpbinServer;
let v2: HttpbinServer;
before(async () => {
  v1 = await startHttpbin({ version: 'v1' });
  v2 = await startHttpbin({ version: 'v2' });
});
after(async () => {
  await v1.close();
  await v2.close();
});

test('seed 001: blackhole 404, still 404, then 200 through the v2 subset', async () => {
  const clusters = [edsCluster(V1), edsCluster(V2)];
  const endpoints = [cla(V1, [v1.port]), cla(V2, [v2.port])];
  const log = { accessLog: [accessLog('json')] };
  const p: TestProxy = await startProxy(httpBundle([blackhole()], clusters, log, endpoints));
  try {
    const r1 = await request(p.port(), { host: 'httpbin-service', path: '/', headers: { 'user-agent': 'curl/7.64.1' } });
    assert.equal(r1.status, 404);
    assert.equal(r1.headers.server, 'istio-envoy');
    assert.equal(r1.headers['content-length'], '0');
    assert.ok(r1.headers.date);
    await until(() => p.logs.length === 1);
    const e1 = JSON.parse(p.logs[0]);
    assert.equal(e1.authority, 'httpbin-service');
    assert.equal(e1.response_code, '404');
    assert.equal(e1.route_name, 'default');
    assert.equal(e1.response_flags, '-');
    assert.equal(e1.upstream_cluster, '-');
    assert.equal(e1.method, 'GET');
    assert.equal(e1.path, '/');
    assert.equal(e1.protocol, 'HTTP/1.1');
    assert.equal(e1.user_agent, 'curl/7.64.1');
    assert.equal(e1.x_forwarded_for, '127.0.0.1');
    assert.match(e1.request_id, /^[0-9a-f-]{36}$/);
    assert.match(e1.start_time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    for (const k of ['bytes_received', 'bytes_sent', 'downstream_local_address', 'downstream_remote_address', 'duration', 'requested_server_name', 'upstream_host', 'upstream_local_address', 'upstream_service_time', 'upstream_transport_failure_reason']) assert.ok(k in e1, k);

    // A Gateway for httpbin.local, but the VirtualService does not list the host yet: no virtual host.
    const noHost = await p.proxy.apply(httpBundle([{ name: 'http.80', virtualHosts: [], validateClusters: false }], clusters, log, endpoints));
    assert.equal(noHost.accepted, true);
    const r2 = await request(p.port(), { host: 'httpbin.local', path: '/ip' });
    assert.equal(r2.status, 404);
    await until(() => p.logs.length === 2);
    assert.equal(JSON.parse(p.logs[1]).response_flags, 'NR');

    const routed = await p.proxy.apply(
      httpBundle(
        [
          {
            name: 'http.80',
            virtualHosts: [
              {
                name: 'httpbin.local:80',
                domains: ['httpbin.local', 'httpbin.local:80'],
                routes: [
                  {
                    match: { prefix: '/' },
                    route: {
                      weightedClusters: { clusters: [{ name: V1, weight: 0 }, { name: V2, weight: 100 }] },
                      timeout: '0s',
                      retryPolicy: { retryOn: 'connect-failure,refused-stream,unavailable,cancelled,resource-exhausted,retriable-status-codes', numRetries: 10, retriableStatusCodes: [503], retryHostPredicate: [{ name: 'envoy.retry_host_predicates.previous_hosts' }], hostSelectionRetryMaxAttempts: '5' },
                    },
                  },
                ],
              },
            ],
            validateClusters: false,
          },
        ],
        clusters,
        log,
        endpoints,
      ),
    );
    assert.equal(routed.accepted, true, routed.errors.join());
    let firstBody = '';
    for (let i = 0; i < 5; i++) {
      const r3 = await request(p.port(), { host: 'httpbin.local', path: '/headers' });
      if (i === 0) firstBody = r3.body;
      assert.equal(r3.status, 200);
      assert.equal(r3.headers['x-sextant-version'], 'v2');
      assert.match(String(r3.headers['x-envoy-upstream-service-time']), /^\d+$/);
      const seen = JSON.parse(r3.body).headers;
      assert.equal(seen.Host, 'httpbin.local');
      assert.equal(seen['X-Envoy-Internal'], 'true');
      assert.equal(seen['X-Forwarded-For'], '127.0.0.1');
      assert.match(seen['X-Request-Id'], /^[0-9a-f-]{36}$/);
    }
    const withPort = await request(p.port(), { host: 'httpbin.local:80', path: '/ip' });
    assert.equal(withPort.status, 200);
    await until(() => p.logs.length === 8);
    const e3 = JSON.parse(p.logs[2]);
    assert.equal(e3.response_code, '200');
    assert.equal(e3.upstream_cluster, V2);
    assert.equal(e3.upstream_host, `127.0.0.1:${v2.port}`);
    assert.equal(e3.route_name, '-');
    assert.match(e3.upstream_local_address, /^127\.0\.0\.1:\d+$/);
    assert.equal(e3.bytes_sent, String(Buffer.byteLength(firstBody)));
    assert.equal(e3.bytes_received, '0');
  } finally {
    await p.stop();
  }
});

let ca1: TestCa;
let ca2: TestCa;
test('seed 000: two FQDNs on one TLS port, certificate and backend chosen by SNI', async () => {
  ca1 = await createCa('CA one');
  ca2 = await createCa('CA two');
  const app1 = await ca1.issue({ commonName: 'my-app1.example.com', dns: ['my-app1.example.com'] });
  const app2 = await ca2.issue({ commonName: 'my-app2.example.com', dns: ['my-app2.example.com'] });
  const routes = [
    {
      name: 'https.443.https.common-istio-gateway.default',
      virtualHosts: [
        { name: 'my-app1.example.com:443', domains: ['my-app1.example.com', 'my-app1.example.com:443'], routes: [{ match: { prefix: '/' }, route: { cluster: 'outbound|80||my-service1.my-app1.svc.cluster.local' } }] },
        { name: 'my-app2.example.com:443', domains: ['my-app2.example.com', 'my-app2.example.com:443'], routes: [{ match: { prefix: '/' }, route: { cluster: 'outbound|80||my-service2.my-app2.svc.cluster.local' } }] },
      ],
    },
  ];
  const h = hcm('https.443.https.common-istio-gateway.default');
  const b = bundle({
    listeners: [
      listener(
        'https',
        [
          { name: 'app1', filterChainMatch: { serverNames: ['my-app1.example.com'] }, transportSocket: downstreamTls('kubernetes://app1-cert'), filters: [h] },
          { name: 'app2', filterChainMatch: { serverNames: ['my-app2.example.com'] }, transportSocket: downstreamTls('kubernetes://app2-cert'), filters: [h] },
        ],
        { listenerFilters: [TLS_INSPECTOR] },
      ),
    ],
    routes,
    clusters: [edsCluster('outbound|80||my-service1.my-app1.svc.cluster.local'), edsCluster('outbound|80||my-service2.my-app2.svc.cluster.local')],
    endpoints: [cla('outbound|80||my-service1.my-app1.svc.cluster.local', [v1.port]), cla('outbound|80||my-service2.my-app2.svc.cluster.local', [v2.port])],
    secrets: [certSecret('kubernetes://app1-cert', app1), certSecret('kubernetes://app2-cert', app2)],
  });
  const p = await startProxy(b);
  try {
    for (const [host, ca, version] of [
      ['my-app1.example.com', ca1, 'v1'],
      ['my-app2.example.com', ca2, 'v2'],
    ] as const) {
      const r = await new Promise<{ status: number; version: string; cn: string }>((resolve, reject) => {
        const req = https.request({ host: '127.0.0.1', port: p.port('https'), servername: host, path: '/ip', headers: { host }, ca: ca.cert, agent: false }, (res) => {
          const cert = (res.socket as import('node:tls').TLSSocket).getPeerCertificate();
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode!, version: String(res.headers['x-sextant-version']), cn: String(cert.subject.CN) }));
        });
        req.on('error', reject);
        req.end();
      });
      assert.deepEqual(r, { status: 200, version, cn: host });
    }
    // An SNI no chain serves: the connection is refused.
    await assert.rejects(
      new Promise((resolve, reject) => {
        const req = https.request({ host: '127.0.0.1', port: p.port('https'), servername: 'other.example.com', path: '/', ca: ca1.cert, agent: false }, resolve);
        req.on('error', reject);
        req.end();
      }),
    );
  } finally {
    await p.stop();
  }
});

test('seed 002: HTTP/1.0 is answered 426 Upgrade Required unless acceptHttp10', async () => {
  const routes = [{ name: 'http.80', virtualHosts: [{ name: 'all', domains: ['*'], routes: [{ match: { prefix: '/' }, route: { cluster: 'backend' } }] }] }];
  const clusters = [{ name: 'backend', type: 'STATIC' as const, loadAssignment: cla('backend', [v1.port]) }];
  const p = await startProxy(httpBundle(routes, clusters, { accessLog: [accessLog('text')] }));
  try {
    const out = await rawExchange(p.port(), 'GET /ip HTTP/1.0\r\nHost: httpbin.local\r\n\r\n');
    assert.match(out, /^HTTP\/1\.1 426 Upgrade Required\r\n/);
    assert.match(out.toLowerCase(), /server: istio-envoy/);
    assert.match(out, /Upgrade Required$/);
    await until(() => p.logs.length === 1);
    assert.match(p.logs[0], /"GET \/ip HTTP\/1\.0" 426 - low_version/);
    const ok11 = await rawExchange(p.port(), 'GET /ip HTTP/1.1\r\nHost: httpbin.local\r\nConnection: close\r\n\r\n');
    assert.match(ok11, /^HTTP\/1\.1 200 OK/);
    const accepted = await p.proxy.apply(httpBundle(routes, clusters, { httpProtocolOptions: { acceptHttp10: true } }));
    assert.equal(accepted.accepted, true);
    const ok10 = await rawExchange(p.port(), 'GET /ip HTTP/1.0\r\nHost: httpbin.local\r\n\r\n');
    assert.match(ok10, /^HTTP\/1\.[01] 200 OK/);
  } finally {
    await p.stop();
  }
});
