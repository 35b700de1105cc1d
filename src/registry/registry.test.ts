/** The service registry: Kubernetes Services with Pod and WorkloadEntry endpoints, Endpoints objects, and ServiceEntries (DNS and STATIC). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadText } from '../config/load.ts';
import { buildServiceRegistry } from './registry.ts';

const YAML = `
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  clusterIP: 10.0.0.5
  selector: {app: web}
  ports: [{name: http-web, port: 80, targetPort: web}, {name: grpc, port: 9090, targetPort: 19090}]
---
apiVersion: v1
kind: Pod
metadata: {name: web-1, namespace: shop, labels: {app: web, version: v1}}
spec: {containers: [{name: c, ports: [{name: web, containerPort: 8080}]}]}
status: {podIP: 127.0.0.2, phase: Running}
---
apiVersion: networking.istio.io/v1
kind: WorkloadEntry
metadata: {name: web-vm, namespace: shop}
spec: {address: 127.0.0.3, labels: {app: web, version: v2}, ports: {http-web: 8081}, locality: eu/zone1}
---
apiVersion: v1
kind: Service
metadata: {name: legacy, namespace: shop}
spec:
  ports: [{name: http, port: 80}]
---
apiVersion: v1
kind: Endpoints
metadata: {name: legacy, namespace: shop}
subsets: [{addresses: [{ip: 10.1.0.9}], ports: [{name: http, port: 8000}]}]
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: ext, namespace: shop}
spec:
  hosts: [api.example.com]
  location: MESH_EXTERNAL
  resolution: DNS
  ports: [{number: 443, name: https, protocol: HTTPS}]
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: static, namespace: shop}
spec:
  hosts: [db.internal]
  addresses: [240.0.0.1]
  location: MESH_INTERNAL
  resolution: STATIC
  ports: [{number: 5432, name: tcp, protocol: TCP, targetPort: 15432}]
  endpoints: [{address: 127.0.0.8, labels: {role: primary}}, {address: 127.0.0.9, ports: {tcp: 25432}}]
`;

test('Kubernetes services take endpoints from Pods (named targetPort) and WorkloadEntries (named port)', () => {
  const reg = buildServiceRegistry(loadText(YAML, 'r.yaml').resources);
  const web = reg.servicesByHost.get('web.shop.svc.cluster.local')![0];
  assert.deepEqual(web.addresses, ['10.0.0.5']);
  assert.deepEqual(web.ports.map((p) => [p.port, p.protocol]), [[80, 'HTTP'], [9090, 'GRPC']]);
  const eps = reg.endpointsByService.get('shop/web.shop.svc.cluster.local')!;
  assert.deepEqual(eps.map((e) => [e.address, e.servicePort, e.endpointPort, e.labels.version]), [
    ['127.0.0.2', 80, 8080, 'v1'],
    ['127.0.0.2', 9090, 19090, 'v1'],
    ['127.0.0.3', 80, 8081, 'v2'],
    ['127.0.0.3', 9090, 19090, 'v2'],
  ]);
  assert.deepEqual(eps[2].locality, { region: 'eu', zone: 'zone1' });
  assert.deepEqual(reg.endpointsByService.get('shop/legacy.shop.svc.cluster.local')!.map((e) => `${e.address}:${e.endpointPort}`), ['10.1.0.9:8000']);
});

test('ServiceEntries: DNS resolves the host itself; STATIC uses inline endpoints with targetPort or named ports', () => {
  const reg = buildServiceRegistry(loadText(YAML, 'r.yaml').resources);
  const ext = reg.servicesByHost.get('api.example.com')![0];
  assert.equal(ext.resolution, 'DNSLB');
  assert.equal(ext.meshExternal, true);
  assert.deepEqual(reg.endpointsByService.get('shop/api.example.com')!.map((e) => `${e.address}:${e.endpointPort}`), ['api.example.com:443']);
  const db = reg.servicesByHost.get('db.internal')![0];
  assert.deepEqual([db.resolution, db.meshExternal, db.addresses], ['ClientSideLB', false, ['240.0.0.1']]);
  assert.deepEqual(reg.endpointsByService.get('shop/db.internal')!.map((e) => `${e.address}:${e.endpointPort}`), ['127.0.0.8:15432', '127.0.0.9:25432']);
});
