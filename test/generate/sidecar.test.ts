/**
 * Sidecar generation: inbound listener and clusters for the workload's own ports on its local
 * address, outbound listeners and routes per service port, `mesh` VirtualServices, Sidecar egress
 * scoping, exportTo, and ALLOW_ANY (PassthroughCluster) vs REGISTRY_ONLY (BlackHoleCluster).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateFor, protoIssues, snapshotFromYaml } from './helpers.ts';

const MESH = `
apiVersion: v1
kind: Service
metadata: {name: productpage, namespace: bookinfo}
spec:
  selector: {app: productpage}
  ports: [{name: http, port: 9080}]
---
apiVersion: networking.istio.io/v1
kind: WorkloadEntry
metadata: {name: productpage-0, namespace: bookinfo}
spec: {address: 127.0.0.40, labels: {app: productpage}}
---
apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: bookinfo}
spec:
  selector: {app: reviews}
  ports: [{name: http, port: 9080}]
---
apiVersion: networking.istio.io/v1
kind: WorkloadEntry
metadata: {name: reviews-v1, namespace: bookinfo}
spec: {address: 127.0.0.41, labels: {app: reviews, version: v1}}
---
apiVersion: networking.istio.io/v1
kind: WorkloadEntry
metadata: {name: reviews-v2, namespace: bookinfo}
spec: {address: 127.0.0.42, labels: {app: reviews, version: v2}}
---
apiVersion: v1
kind: Service
metadata: {name: mysql, namespace: db}
spec:
  clusterIP: 10.96.0.50
  selector: {app: mysql}
  ports: [{name: tcp-mysql, port: 3306}]
---
apiVersion: v1
kind: Service
metadata: {name: secret-svc, namespace: hidden, annotations: {networking.istio.io/exportTo: "."}}
spec:
  ports: [{name: http, port: 80}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: bookinfo}
spec:
  hosts: [reviews]
  http:
  - match: [{headers: {end-user: {exact: jason}}}]
    route: [{destination: {host: reviews, subset: v2}}]
  - route: [{destination: {host: reviews, subset: v1}}]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: bookinfo}
spec:
  host: reviews
  subsets:
  - {name: v1, labels: {version: v1}}
  - {name: v2, labels: {version: v2}}
`;

const sidecar = (extra = '') => {
  const g = generateFor(snapshotFromYaml(MESH + extra), { app: 'productpage' });
  assert.equal(g.proxy.type, 'sidecar');
  assert.deepEqual(protoIssues(g.resources), []);
  assert.deepEqual(g.consistency.filter((c) => c.severity === 'error'), []);
  return g;
};

test('inbound: virtualInbound chain by destination port to inbound|9080|| on the workload address', () => {
  const g = sidecar();
  assert.deepEqual(g.proxy.ipAddresses, ['127.0.0.40']);
  const vi = g.resources.listeners.find((l) => l.name === 'virtualInbound')!;
  assert.equal(vi.address.socketAddress!.portValue, 15006);
  assert.deepEqual(vi.filterChains!.map((c) => c.filterChainMatch), [{ destinationPort: 9080 }]);
  const hcm = vi.filterChains![0].filters[0].typedConfig as any;
  assert.equal(hcm.routeConfig.virtualHosts[0].routes[0].route.cluster, 'inbound|9080||');
  const c = g.resources.clusters.find((x) => x.name === 'inbound|9080||')!;
  assert.equal(c.type, 'STATIC');
  assert.deepEqual(c.loadAssignment!.endpoints![0].lbEndpoints![0].endpoint!.address.socketAddress, { address: '127.0.0.40', portValue: 9080 });
});

test('outbound: 0.0.0.0_9080 on RDS 9080 with mesh VirtualService routes, VIP listener for TCP, exportTo hides', () => {
  const g = sidecar();
  const names = g.resources.listeners.map((l) => l.name);
  assert.deepEqual(names, ['0.0.0.0_9080', '10.96.0.50_3306', 'virtualOutbound', 'virtualInbound']);
  const rc = g.resources.routes.find((r) => r.name === '9080')!;
  assert.deepEqual(rc.virtualHosts!.map((v) => v.name), ['productpage.bookinfo.svc.cluster.local:9080', 'reviews.bookinfo.svc.cluster.local:9080', 'allow_any']);
  const reviews = rc.virtualHosts![1];
  assert.deepEqual(reviews.domains, [
    'reviews.bookinfo.svc.cluster.local', 'reviews.bookinfo.svc.cluster.local:9080', 'reviews.bookinfo.svc', 'reviews.bookinfo.svc:9080', 'reviews.bookinfo', 'reviews.bookinfo:9080', 'reviews', 'reviews:9080',
  ]);
  assert.deepEqual(reviews.routes!.map((r) => r.route!.cluster), ['outbound|9080|v2|reviews.bookinfo.svc.cluster.local', 'outbound|9080|v1|reviews.bookinfo.svc.cluster.local']);
  const pp = rc.virtualHosts![0].routes![0];
  assert.equal(pp.name, 'default');
  assert.equal(pp.route!.retryPolicy!.numRetries, 2);
  assert.equal(rc.virtualHosts![2].routes![0].route!.cluster, 'PassthroughCluster');
  const mysql = g.resources.listeners.find((l) => l.name === '10.96.0.50_3306')!;
  assert.equal((mysql.filterChains![0].filters[0].typedConfig as any).cluster, 'outbound|3306||mysql.db.svc.cluster.local');
  assert.ok(!g.resources.clusters.some((c) => c.name.includes('secret-svc')), 'exportTo "." hides the service from other namespaces');
  const v2 = g.resources.endpoints.find((e) => e.clusterName === 'outbound|9080|v2|reviews.bookinfo.svc.cluster.local')!;
  assert.deepEqual(v2.endpoints![0].lbEndpoints!.map((e) => e.endpoint!.address.socketAddress!.address), ['127.0.0.42']);
});

test('Sidecar egress hosts scope what the proxy sees; REGISTRY_ONLY blocks the rest', () => {
  const g = sidecar(`---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: default, namespace: bookinfo}
spec:
  egress: [{hosts: ["./*"]}]
  outboundTrafficPolicy: {mode: REGISTRY_ONLY}
`);
  assert.ok(!g.resources.clusters.some((c) => c.name.includes('mysql')));
  assert.ok(!g.resources.listeners.some((l) => l.name.endsWith('_3306')));
  const rc = g.resources.routes.find((r) => r.name === '9080')!;
  assert.deepEqual(rc.virtualHosts!.at(-1), { name: 'block_all', domains: ['*'], routes: [{ name: 'block_all', match: { prefix: '/' }, directResponse: { status: 502 } }], includeRequestAttemptCount: true });
  const vo = g.resources.listeners.find((l) => l.name === 'virtualOutbound')!;
  assert.equal((vo.defaultFilterChain!.filters[0].typedConfig as any).cluster, 'BlackHoleCluster');
  assert.ok(g.resources.clusters.some((c) => c.name === 'BlackHoleCluster'));
  assert.ok(g.resources.clusters.some((c) => c.name === 'PassthroughCluster'));
});

test('mesh-wide REGISTRY_ONLY from the mesh ConfigMap', () => {
  const g = sidecar(`---
apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: |
    outboundTrafficPolicy:
      mode: REGISTRY_ONLY
`);
  assert.equal(g.resources.routes[0].virtualHosts!.at(-1)!.name, 'block_all');
});

test('mesh tcp routes: destinationSubnets become prefix-range chains, the unconditional route the catch-all', () => {
  const g = sidecar(`---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: mysql, namespace: db}
spec:
  host: mysql.db.svc.cluster.local
  subsets: [{name: replica, labels: {role: replica}}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: mysql, namespace: db}
spec:
  hosts: [mysql.db.svc.cluster.local]
  tcp:
  - match: [{port: 3306, destinationSubnets: [10.96.0.0/16]}]
    route: [{destination: {host: mysql.db.svc.cluster.local, subset: replica}}]
  - match: [{port: 3306, sourceLabels: {app: someone-else}}]
    route: [{destination: {host: elsewhere.example}}]
  - route:
    - {destination: {host: mysql.db.svc.cluster.local}, weight: 90}
    - {destination: {host: mysql.db.svc.cluster.local, subset: replica}, weight: 10}
`);
  const l = g.resources.listeners.find((x) => x.name === '10.96.0.50_3306')!;
  assert.deepEqual(l.filterChains!.map((c) => c.filterChainMatch), [{ prefixRanges: [{ addressPrefix: '10.96.0.0', prefixLen: 16 }] }, undefined]);
  assert.equal((l.filterChains![0].filters[0].typedConfig as any).cluster, 'outbound|3306|replica|mysql.db.svc.cluster.local');
  assert.deepEqual((l.filterChains![1].filters[0].typedConfig as any).weightedClusters.clusters.map((c: any) => [c.name, c.weight]), [
    ['outbound|3306||mysql.db.svc.cluster.local', 90],
    ['outbound|3306|replica|mysql.db.svc.cluster.local', 10],
  ]);
  assert.equal(l.filterChains![1].metadata!.filterMetadata!.istio.config, '/apis/networking.istio.io/v1alpha3/namespaces/db/virtual-service/mysql');
});
