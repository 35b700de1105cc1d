/**
 * What operators see: readiness only after the first configuration, the admin endpoints
 * (`/ready`, `/config_dump` showing what is applied, `/stats`), Istio's standard metrics with
 * their labels on the Prometheus port, and access log lines in Istio's text format written to a
 * file named by the FileAccessLog config.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Proxy } from '../../src/proxy/index.ts';
import { startHttpbin, type HttpbinServer } from '../../src/samples/httpbin/index.ts';
import { request, until } from '../helpers/http-client.ts';
import { accessLog, bundle, cla, edsCluster, hcm, httpBundle, listener, staticCluster, tcpProxy } from './fixtures.ts';

const SVC = 'outbound|8000||httpbin.default.svc.cluster.local';
let hb: HttpbinServer;
let dir = '';
before(async () => {
  hb = await startHttpbin({ version: 'v1' });
  dir = mkdtempSync(join(tmpdir(), 'sextant-obs-'));
});
after(async () => {
  await hb.close();
  rmSync(dir, { recursive: true, force: true });
});

async function text(port: number, path: string): Promise<{ status: number; body: string }> {
  const r = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: r.status, body: await r.text() };
}

test('readiness, admin, metrics and file access logs', async () => {
  const logFile = join(dir, 'access.log');
  const proxy = new Proxy({ bindAddress: '127.0.0.1', adminPort: 0, statsPort: 0, readinessPort: 0, identity: { workload: 'istio-ingressgateway', namespace: 'istio-system', app: 'istio-ingressgateway', canonicalService: 'istio-ingressgateway' }, log: () => {} });
  await proxy.start();
  try {
    assert.equal((await text(proxy.readinessPort!, '/healthz/ready')).status, 503);
    assert.equal((await text(proxy.adminPort!, '/ready')).body, 'PRE_INITIALIZING\n');
    const routes = [{ name: 'http.80', virtualHosts: [{ name: 'httpbin', domains: ['*'], routes: [{ match: { prefix: '/' }, route: { cluster: SVC } }] }] }];
    const good = bundle({
      listeners: [listener('http', [{ filters: [hcm('http.80', { accessLog: [accessLog('text', logFile)] })] }]), listener('tcp', [{ filters: [tcpProxy(SVC)] }])],
      routes,
      clusters: [edsCluster(SVC)],
      endpoints: [cla(SVC, [hb.port], { workload: 'httpbin-v1;default;httpbin;v1;Kubernetes' })],
    });
    const r = await proxy.apply(good);
    assert.equal(r.accepted, true, r.errors.join());
    assert.equal((await text(proxy.readinessPort!, '/healthz/ready')).status, 200);
    assert.equal((await text(proxy.adminPort!, '/ready')).body, 'LIVE\n');
    const port = proxy.listenerPort('http')!;
    for (let i = 0; i < 3; i++) assert.equal((await request(port, { host: 'httpbin.default', path: '/ip', headers: { 'user-agent': 'probe/1' } })).status, 200);
    assert.equal((await request(port, { path: '/status/503' })).status, 503);
    await new Promise<void>((resolve) => {
      const s = net.connect(proxy.listenerPort('tcp')!, '127.0.0.1', () => s.end('GET /ip HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
      s.resume();
      s.on('close', () => resolve());
    });

    await until(() => readFileSync(logFile, 'utf8').split('\n').filter(Boolean).length >= 4);
    const lines = readFileSync(logFile, 'utf8').trim().split('\n');
    const re = new RegExp(
      String.raw`^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\] "GET /ip HTTP/1\.1" 200 - via_upstream - "-" 0 \d+ \d+ \d+ "127\.0\.0\.1" "probe/1" "[0-9a-f-]{36}" "httpbin\.default" "127\.0\.0\.1:${hb.port}" ${SVC.replace(/\|/g, '\\|')} 127\.0\.0\.1:\d+ 127\.0\.0\.1:${port} 127\.0\.0\.1:\d+ - -$`,
    );
    assert.match(lines[0], re);

    const prom = (await text(proxy.statsPort!, '/stats/prometheus')).body;
    const total = prom.split('\n').find((l) => l.startsWith('istio_requests_total{') && l.includes('response_code="200"'))!;
    assert.ok(total, prom.slice(0, 500));
    for (const label of [
      'reporter="source"',
      'source_workload="istio-ingressgateway"',
      'source_workload_namespace="istio-system"',
      'destination_service="httpbin.default.svc.cluster.local"',
      'destination_service_name="httpbin"',
      'destination_service_namespace="default"',
      'destination_workload="httpbin-v1"',
      'destination_canonical_revision="v1"',
      'request_protocol="http"',
      'response_flags="-"',
    ])
      assert.ok(total.includes(label), `${label} in ${total}`);
    assert.match(total, / 3$/);
    assert.match(prom, /istio_requests_total\{[^}]*response_code="503"[^}]*\} 1/);
    assert.match(prom, /istio_request_duration_milliseconds_bucket\{[^}]*le="\+Inf"\} 3/);
    assert.match(prom, /istio_request_bytes_count\{/);
    assert.match(prom, /istio_response_bytes_sum\{/);
    assert.match(prom, /istio_tcp_connections_opened_total\{[^}]*request_protocol="tcp"[^}]*\} 1/);
    let promNow = prom;
    for (let i = 0; i < 100 && !/istio_tcp_connections_closed_total\{[^}]*\} 1/.test(promNow); i++) {
      await new Promise((r) => setTimeout(r, 20));
      promNow = (await text(proxy.statsPort!, '/stats/prometheus')).body;
    }
    assert.match(promNow, /istio_tcp_received_bytes_total\{[^}]*\} 48/);
    assert.match(promNow, /istio_tcp_sent_bytes_total\{[^}]*\} [1-9]\d+/);
    assert.match(prom, new RegExp(`envoy_cluster_upstream_rq_total\\{cluster_name="${SVC.replace(/\|/g, '\\|')}"\\} [45]`));

    const stats = (await text(proxy.adminPort!, '/stats')).body;
    assert.match(stats, /http\.http\.80\.downstream_rq_total: 4/);
    assert.match(stats, /listener_manager\.lds\.update_success: 1/);

    // A bad bundle is rejected whole; /config_dump keeps showing what is serving.
    const bad = await proxy.apply({ ...good, clusters: [{ name: 'broken', type: 'STATIC', connectTimeout: 'soon' }] });
    assert.equal(bad.accepted, false);
    assert.match(bad.errors.join('\n'), /cluster "broken": connectTimeout "soon" is not a valid duration/);
    const dump = JSON.parse((await text(proxy.adminPort!, '/config_dump')).body);
    const types = dump.configs.map((c: { '@type': string }) => c['@type'].split('.').pop());
    assert.deepEqual(types, ['BootstrapConfigDump', 'ClustersConfigDump', 'ListenersConfigDump', 'RoutesConfigDump', 'SecretsConfigDump']);
    assert.deepEqual(dump.configs[1].dynamicActiveClusters.map((c: { cluster: { name: string } }) => c.cluster.name), [SVC]);
    assert.deepEqual(dump.configs[2].dynamicListeners.map((l: { name: string }) => l.name), ['http', 'tcp']);
    assert.equal(dump.configs[3].dynamicRouteConfigs[0].routeConfig.name, 'http.80');
    const withEds = JSON.parse((await text(proxy.adminPort!, '/config_dump?include_eds')).body);
    assert.equal(withEds.configs[5].dynamicEndpointConfigs[0].endpointConfig.clusterName, SVC);
    assert.match((await text(proxy.adminPort!, '/clusters')).body, new RegExp(`${SVC.replace(/\|/g, '\\|')}::127\\.0\\.0\\.1:${hb.port}::rq_total::4`));
    assert.match((await text(proxy.adminPort!, '/stats')).body, /listener_manager\.lds\.update_rejected: 1/);
  } finally {
    await proxy.stop({ drainMs: 100 });
  }
});

test('a response header and the server name follow the HCM and proxy options', async () => {
  const proxy = new Proxy({ bindAddress: '127.0.0.1', adminPort: null, statsPort: null, readinessPort: null, serverName: 'sextant-gw', log: () => {} });
  try {
    const routes = [{ name: 'http.80', virtualHosts: [{ name: 'all', domains: ['*'], routes: [{ match: { prefix: '/' }, route: { cluster: 'hb' } }] }] }];
    await proxy.apply(httpBundle(routes, [staticCluster('hb', [hb.port])], { tracing: { randomSampling: { value: 100 } } }));
    const r = await request(proxy.listenerPort('http')!, { path: '/headers' });
    assert.equal(r.headers.server, 'sextant-gw');
    const seen = JSON.parse(r.body).headers;
    assert.match(seen['X-B3-Traceid'], /^[0-9a-f]{32}$/);
    assert.match(seen['X-B3-Spanid'], /^[0-9a-f]{16}$/);
    assert.equal(seen['X-B3-Sampled'], '1');
    const child = JSON.parse((await request(proxy.listenerPort('http')!, { path: '/headers', headers: { 'x-b3-traceid': 'a'.repeat(32), 'x-b3-spanid': 'b'.repeat(16), 'x-b3-sampled': '0' } })).body).headers;
    assert.equal(child['X-B3-Traceid'], 'a'.repeat(32));
    assert.equal(child['X-B3-Parentspanid'], 'b'.repeat(16));
    assert.notEqual(child['X-B3-Spanid'], 'b'.repeat(16));
    assert.equal(child['X-B3-Sampled'], '0');
  } finally {
    await proxy.stop({ drainMs: 0 });
  }
});
