/**
 * DestinationRule → cluster settings: subsets with label-filtered endpoints, load balancers,
 * consistent hashing (cluster policy + route hash policy), locality, connection pool → circuit
 * breakers, outlier detection, upstream TLS, portLevelSettings precedence, and Istio's
 * namespace precedence and merge of several rules for one host.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Cluster } from '../../src/envoy/types.ts';
import { generateFor, protoIssues, snapshotFromYaml } from './helpers.ts';

const SVC = `
apiVersion: v1
kind: Service
metadata: {name: api, namespace: prod}
spec:
  selector: {app: api}
  ports: [{name: http, port: 80}, {name: grpc, port: 9090}]
---
apiVersion: networking.istio.io/v1
kind: WorkloadEntry
metadata: {name: api-a, namespace: prod}
spec: {address: 127.0.0.51, labels: {app: api, track: stable}, locality: us-east/zone-a}
---
apiVersion: networking.istio.io/v1
kind: WorkloadEntry
metadata: {name: api-b, namespace: prod}
spec: {address: 127.0.0.52, labels: {app: api, track: canary}, locality: us-west/zone-b}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]
`;

function clusters(dr: string): Record<string, Cluster> & { __issues?: never } {
  const g = generateFor(snapshotFromYaml(`${SVC}---\n${dr}`), { istio: 'ingressgateway' }, 'istio-system');
  assert.deepEqual(protoIssues(g.resources), []);
  return Object.fromEntries(g.resources.clusters.map((c) => [c.name, c]));
}

test('subsets, load balancers, connection pool, outlier detection and portLevelSettings precedence', () => {
  const cs = clusters(`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: api, namespace: prod}
spec:
  host: api.prod.svc.cluster.local
  trafficPolicy:
    loadBalancer: {simple: ROUND_ROBIN}
    connectionPool:
      tcp: {maxConnections: 100, connectTimeout: 30ms, tcpKeepalive: {time: 7200s, interval: 75s}}
      http: {http1MaxPendingRequests: 10, http2MaxRequests: 1000, maxRequestsPerConnection: 1, maxRetries: 3, idleTimeout: 1h}
    outlierDetection: {consecutive5xxErrors: 7, interval: 5m, baseEjectionTime: 15m, maxEjectionPercent: 50}
    portLevelSettings:
    - port: {number: 9090}
      loadBalancer: {simple: RANDOM}
  subsets:
  - name: canary
    labels: {track: canary}
    trafficPolicy: {loadBalancer: {simple: LEAST_REQUEST}}
`);
  const base = cs['outbound|80||api.prod.svc.cluster.local'];
  assert.equal(base.lbPolicy, 'ROUND_ROBIN');
  assert.equal(base.connectTimeout, '0.030s');
  assert.deepEqual(base.circuitBreakers, { thresholds: [{ maxConnections: 100, maxPendingRequests: 10, maxRequests: 1000, maxRetries: 3, trackRemaining: true }] });
  assert.deepEqual(base.upstreamConnectionOptions, { tcpKeepalive: { keepaliveTime: 7200, keepaliveInterval: 75 } });
  assert.deepEqual((base.typedExtensionProtocolOptions!['envoy.extensions.upstreams.http.v3.HttpProtocolOptions'] as any).commonHttpProtocolOptions, { idleTimeout: '3600s', maxRequestsPerConnection: 1 });
  assert.deepEqual(base.outlierDetection, { enforcingSuccessRate: 0, consecutive5xx: 7, enforcingConsecutive5xx: 100, interval: '300s', baseEjectionTime: '900s', maxEjectionPercent: 50 });
  assert.deepEqual(base.commonLbConfig, { healthyPanicThreshold: { value: 0 } });
  assert.deepEqual(base.metadata!.filterMetadata!.istio, { config: '/apis/networking.istio.io/v1alpha3/namespaces/prod/destination-rule/api', services: [{ host: 'api.prod.svc.cluster.local', name: 'api', namespace: 'prod' }] });
  const grpc = cs['outbound|9090||api.prod.svc.cluster.local'];
  assert.equal(grpc.lbPolicy, 'RANDOM');
  assert.equal(grpc.circuitBreakers!.thresholds![0].maxConnections, 4294967295, 'port-level settings replace the pool');
  assert.equal(grpc.outlierDetection, undefined);
  assert.deepEqual((grpc.typedExtensionProtocolOptions!['envoy.extensions.upstreams.http.v3.HttpProtocolOptions'] as any).explicitHttpConfig, { http2ProtocolOptions: {} });
  assert.equal(cs['outbound|80|canary|api.prod.svc.cluster.local'].lbPolicy, 'LEAST_REQUEST');
  assert.equal(cs['outbound|80|canary|api.prod.svc.cluster.local'].circuitBreakers!.thresholds![0].maxConnections, 100, 'subset inherits the pool');
});

test('consistent hash: ring hash / maglev on the cluster, hash policy on routes', () => {
  const cs = clusters(`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: api, namespace: prod}
spec:
  host: api.prod.svc.cluster.local
  trafficPolicy:
    loadBalancer: {consistentHash: {httpCookie: {name: session, ttl: 0s}, maglev: {tableSize: 65537}}}
    portLevelSettings:
    - port: {number: 9090}
      loadBalancer: {consistentHash: {useSourceIp: true, ringHash: {minimumRingSize: 2048}}}
`);
  assert.equal(cs['outbound|80||api.prod.svc.cluster.local'].lbPolicy, 'MAGLEV');
  assert.deepEqual(cs['outbound|80||api.prod.svc.cluster.local'].maglevLbConfig, { tableSize: '65537' });
  assert.equal(cs['outbound|9090||api.prod.svc.cluster.local'].lbPolicy, 'RING_HASH');
  assert.deepEqual(cs['outbound|9090||api.prod.svc.cluster.local'].ringHashLbConfig, { minimumRingSize: '2048' });
  const g = generateFor(
    snapshotFromYaml(`${SVC}---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: api, namespace: prod}
spec:
  host: api.prod.svc.cluster.local
  trafficPolicy: {loadBalancer: {consistentHash: {httpHeaderName: x-user}}}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: api, namespace: prod}
spec:
  hosts: ["*"]
  gateways: [istio-system/gw]
  http: [{route: [{destination: {host: api, port: {number: 80}}}]}]
`),
    { istio: 'ingressgateway' },
    'istio-system',
  );
  const r = g.resources.routes[0].virtualHosts![0].routes![0].route!;
  assert.deepEqual(r.hashPolicy, [{ header: { headerName: 'x-user' } }]);
  assert.equal(r.retryPolicy!.retryHostPredicate, undefined, 'no previous-hosts predicate under consistent hashing');
});

test('upstream TLS: SIMPLE with CA file and SNI, MUTUAL with client certificate, ISTIO_MUTUAL', () => {
  const cs = clusters(`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: api, namespace: prod}
spec:
  host: api.prod.svc.cluster.local
  trafficPolicy:
    tls: {mode: SIMPLE, caCertificates: /etc/ca.pem, sni: api.internal, subjectAltNames: [api.internal]}
    portLevelSettings:
    - port: {number: 9090}
      tls: {mode: MUTUAL, clientCertificate: /etc/c.pem, privateKey: /etc/k.pem, caCertificates: /etc/ca.pem}
  subsets:
  - name: canary
    labels: {track: canary}
    trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}
`);
  const simple = cs['outbound|80||api.prod.svc.cluster.local'].transportSocket!.typedConfig as any;
  assert.equal(simple['@type'], 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext');
  assert.equal(simple.sni, 'api.internal');
  assert.equal(simple.commonTlsContext.combinedValidationContext.validationContextSdsSecretConfig.name, 'file-root:/etc/ca.pem');
  const mutual = cs['outbound|9090||api.prod.svc.cluster.local'].transportSocket!.typedConfig as any;
  assert.equal(mutual.commonTlsContext.tlsCertificateSdsSecretConfigs[0].name, 'file-cert:/etc/c.pem~/etc/k.pem');
  assert.equal(mutual.sni, 'api.prod.svc.cluster.local');
  const istio = cs['outbound|80|canary|api.prod.svc.cluster.local'].transportSocket!.typedConfig as any;
  assert.deepEqual(istio.commonTlsContext.alpnProtocols, ['istio-peer-exchange', 'istio']);
  assert.equal(istio.sni, 'outbound|80|canary|api.prod.svc.cluster.local');
});

test('namespace precedence: the proxy namespace rule beats the service namespace rule; same-host rules merge', () => {
  const cs = clusters(`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: a-in-prod, namespace: prod}
spec:
  host: api.prod.svc.cluster.local
  trafficPolicy: {loadBalancer: {simple: RANDOM}}
  subsets: [{name: stable, labels: {track: stable}}]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: b-in-prod, namespace: prod}
spec:
  host: api.prod.svc.cluster.local
  trafficPolicy: {loadBalancer: {simple: LEAST_REQUEST}}
  subsets: [{name: canary, labels: {track: canary}}]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: gateway-local, namespace: istio-system}
spec:
  host: api.prod.svc.cluster.local
  trafficPolicy: {loadBalancer: {simple: ROUND_ROBIN}}
  exportTo: ["."]
`);
  assert.equal(cs['outbound|80||api.prod.svc.cluster.local'].lbPolicy, 'ROUND_ROBIN', 'the gateway namespace rule wins for the gateway');
  assert.ok(!cs['outbound|80|stable|api.prod.svc.cluster.local']);
  const cs2 = clusters(`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: a-in-prod, namespace: prod}
spec:
  host: api.prod.svc.cluster.local
  trafficPolicy: {loadBalancer: {simple: RANDOM}}
  subsets: [{name: stable, labels: {track: stable}}]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: b-in-prod, namespace: prod}
spec:
  host: api.prod.svc.cluster.local
  trafficPolicy: {loadBalancer: {simple: LEAST_REQUEST}}
  subsets: [{name: canary, labels: {track: canary}}]
`);
  assert.equal(cs2['outbound|80||api.prod.svc.cluster.local'].lbPolicy, 'RANDOM', 'first rule traffic policy wins');
  assert.ok(cs2['outbound|80|stable|api.prod.svc.cluster.local'] && cs2['outbound|80|canary|api.prod.svc.cluster.local'], 'subsets merged');
});

test('locality: distribute weights and failover priorities relative to the proxy locality', () => {
  const yaml = `${SVC}---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: api, namespace: prod}
spec:
  host: api.prod.svc.cluster.local
  trafficPolicy:
    outlierDetection: {consecutive5xxErrors: 1}
    loadBalancer:
      localityLbSetting:
        enabled: true
        failover: [{from: us-east, to: us-west}]
---
apiVersion: networking.istio.io/v1
kind: WorkloadEntry
metadata: {name: gateway, namespace: istio-system}
spec: {address: 127.0.0.60, labels: {istio: ingressgateway}, locality: us-east/zone-a}
`;
  const g = generateFor(snapshotFromYaml(yaml), { istio: 'ingressgateway' }, 'istio-system');
  const cla = g.resources.endpoints.find((e) => e.clusterName === 'outbound|80||api.prod.svc.cluster.local')!;
  assert.deepEqual(cla.endpoints!.map((l) => [l.locality?.region, l.priority ?? 0]), [['us-east', 0], ['us-west', 1]]);
  const dist = generateFor(snapshotFromYaml(yaml.replace('failover: [{from: us-east, to: us-west}]', 'distribute: [{from: "us-east/*", to: {"us-east/*": 80, "us-west/*": 20}}]')), { istio: 'ingressgateway' }, 'istio-system');
  const cla2 = dist.resources.endpoints.find((e) => e.clusterName === 'outbound|80||api.prod.svc.cluster.local')!;
  assert.deepEqual(cla2.endpoints!.map((l) => [l.locality?.region, l.loadBalancingWeight]), [['us-east', 80], ['us-west', 20]]);
  assert.deepEqual(dist.resources.clusters.find((c) => c.name === 'outbound|80||api.prod.svc.cluster.local')!.commonLbConfig!.localityWeightedLbConfig, {});
});
