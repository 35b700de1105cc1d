/**
 * Golden tests for the seeds' configurations: what a router (and a sidecar) is sent, asserted on
 * the names and fields the seeds show, compared whole against golden JSON under golden/, checked
 * against Envoy's protos (valid, and unchanged by an encode/decode round trip) and for
 * self-consistency. `UPDATE_GOLDEN=1` rewrites the golden files.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ProxyResources } from '../../src/envoy/types.ts';
import { validateProxyResources } from '../../src/envoy/consistency.ts';
import { generateFor, protoIssues, roundTripDifferences, snapshotFromDir } from './helpers.ts';

const GOLDEN = join(import.meta.dirname, 'golden');

function golden(name: string, r: ProxyResources): void {
  const file = join(GOLDEN, `${name}.json`);
  const text = JSON.stringify(r, null, 2) + '\n';
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, text);
  assert.deepEqual(JSON.parse(text), JSON.parse(readFileSync(file, 'utf8')), `${name} differs from ${file} (UPDATE_GOLDEN=1 to accept)`);
}

function assertServable(r: ProxyResources): void {
  assert.deepEqual(protoIssues(r), []);
  assert.deepEqual(roundTripDifferences(r), [], 'encode → decode through the protos gives back the same JSON');
  assert.deepEqual(validateProxyResources(r).filter((i) => i.severity === 'error'), []);
}

test('seed 001: gateway route http.80 has vhost httpbin.local:80 routing to subset v2 with 10 retries', () => {
  const g = generateFor(snapshotFromDir('seed-001'), { istio: 'ingressgateway' });
  assert.equal(g.proxy.type, 'router');
  assert.equal(g.proxy.namespace, 'istio-system');
  assert.deepEqual(g.resources.listeners.map((l) => l.name), ['0.0.0.0_80']);
  const rc = g.resources.routes.find((r) => r.name === 'http.80')!;
  assert.equal(rc.validateClusters, false);
  const vh = rc.virtualHosts![0];
  assert.equal(vh.name, 'httpbin.local:80');
  assert.deepEqual(vh.domains, ['httpbin.local', 'httpbin.local:80']);
  const route = vh.routes![0];
  assert.deepEqual(route.match, { prefix: '/' });
  assert.equal(route.route!.cluster, 'outbound|80|v2|httpbin-service.default.svc.cluster.local');
  assert.equal(route.route!.timeout, '0s');
  assert.equal(route.route!.maxGrpcTimeout, '0s');
  assert.deepEqual(route.route!.retryPolicy, {
    retryOn: 'connect-failure,refused-stream,unavailable,cancelled,resource-exhausted,retriable-status-codes',
    numRetries: 10,
    retryHostPredicate: [{ name: 'envoy.retry_host_predicates.previous_hosts', typedConfig: { '@type': 'type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate' } }],
    hostSelectionRetryMaxAttempts: '5',
    retriableStatusCodes: [503],
  });
  assert.deepEqual(route.metadata, { filterMetadata: { istio: { config: '/apis/networking.istio.io/v1alpha3/namespaces/default/virtual-service/httpbin-virtual-service' } } });
  assert.deepEqual(route.decorator, { operation: 'httpbin-service.default.svc.cluster.local:80/*' });
  const v2 = g.resources.endpoints.find((e) => e.clusterName === 'outbound|80|v2|httpbin-service.default.svc.cluster.local')!;
  assert.deepEqual(v2.endpoints!.flatMap((l) => l.lbEndpoints!.map((e) => e.endpoint!.address.socketAddress)), [{ address: '127.0.0.12', portValue: 8000 }]);
  assert.deepEqual(g.consistency, []);
  assertServable(g.resources);
  golden('seed-001-router', g.resources);
});

test('seed 000: one HTTPS listener, SNI for both FQDNs, file certificates over SDS, two virtual hosts', () => {
  const g = generateFor(snapshotFromDir('seed-000'), { istio: 'ingressgateway' });
  const [l] = g.resources.listeners;
  assert.equal(l.name, '0.0.0.0_443');
  assert.deepEqual(l.listenerFilters?.map((f) => f.name), ['envoy.filters.listener.tls_inspector']);
  const fc = l.filterChains![0];
  assert.deepEqual(fc.filterChainMatch, { serverNames: ['my-app1.example.com', 'my-app2.example.com'] });
  const tls = fc.transportSocket!.typedConfig as Record<string, any>;
  assert.equal(tls['@type'], 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext');
  assert.equal(tls.requireClientCertificate, false);
  assert.deepEqual(tls.commonTlsContext.alpnProtocols, ['h2', 'http/1.1']);
  const certName = 'file-cert:/etc/istio/ingressgateway-certs/tls.crt~/etc/istio/ingressgateway-certs/tls.key';
  assert.equal(tls.commonTlsContext.tlsCertificateSdsSecretConfigs[0].name, certName);
  assert.equal((fc.filters[0].typedConfig as any).rds.routeConfigName, 'https.443.https.common-istio-gateway.default');
  const rc = g.resources.routes[0];
  assert.equal(rc.name, 'https.443.https.common-istio-gateway.default');
  assert.deepEqual(rc.virtualHosts!.map((v) => [v.name, v.routes![0].route!.cluster]), [
    ['my-app1.example.com:443', 'outbound|80||my-service1.my-app1.svc.cluster.local'],
    ['my-app2.example.com:443', 'outbound|80||my-service2.my-app2.svc.cluster.local'],
  ]);
  assert.deepEqual(g.resources.secrets, [{ name: certName, tlsCertificate: { certificateChain: { filename: '/etc/istio/ingressgateway-certs/tls.crt' }, privateKey: { filename: '/etc/istio/ingressgateway-certs/tls.key' } } }]);
  assertServable(g.resources);
  golden('seed-000-router', g.resources);
});

test('seed 002: credentialName Secret served over SDS; egress sidecar routes tls by SNI and http by host', () => {
  const s = snapshotFromDir('seed-002');
  const gw = generateFor(s, { istio: 'ingressgateway' });
  const secret = gw.resources.secrets.find((x) => x.name === 'kubernetes://my-app-cert')!;
  assert.ok(secret.tlsCertificate?.certificateChain?.inlineBytes?.startsWith('LS0tLS1CRUdJTi'));
  assert.equal((gw.resources.listeners[0].filterChains![0].transportSocket!.typedConfig as any).commonTlsContext.tlsCertificateSdsSecretConfigs[0].name, 'kubernetes://my-app-cert');
  assert.equal(gw.resources.routes[0].virtualHosts![0].routes![0].route!.cluster, 'outbound|80||my-nginx.my-app.svc.cluster.local');
  assertServable(gw.resources);
  golden('seed-002-router', gw.resources);

  const sc = generateFor(s, { app: 'my-nginx' });
  assert.equal(sc.proxy.type, 'sidecar');
  const l443 = sc.resources.listeners.find((l) => l.name === '0.0.0.0_443')!;
  const storage = l443.filterChains!.find((c) => c.filterChainMatch?.serverNames?.includes('storage.googleapis.com'))!;
  assert.equal((storage.filters[0].typedConfig as any).cluster, 'outbound|443||*.googleapis.com');
  assert.equal(storage.metadata?.filterMetadata?.istio?.config, '/apis/networking.istio.io/v1alpha3/namespaces/my-app/virtual-service/gcs-tls');
  const r80 = sc.resources.routes.find((r) => r.name === '80')!;
  const md = r80.virtualHosts!.find((v) => v.name === 'metadata.google.internal:80')!;
  assert.equal(md.routes![0].route!.cluster, 'outbound|80||metadata.google.internal');
  assert.equal(r80.virtualHosts!.at(-1)!.name, 'allow_any');
  assertServable(sc.resources);
  golden('seed-002-sidecar', sc.resources);
});
