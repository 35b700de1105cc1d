/** The mesh snapshot: its indexes, incremental update that shares untouched indexes, and policy selection. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadText } from '../config/load.ts';
import { buildSnapshot } from './snapshot.ts';

const load = (t: string) => loadText(t, 's.yaml').resources;
const BASE = load(`
apiVersion: v1
kind: Service
metadata: {name: a, namespace: x}
spec: {ports: [{name: http, port: 80}]}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: x}
spec: {selector: {app: gw}, servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: v, namespace: x}
spec: {hosts: [a], gateways: [gw], http: [{route: [{destination: {host: a}}]}]}
`);

test('indexes: services by host, VirtualServices by gateway and host, Gateways by workload', () => {
  const s = buildSnapshot(BASE);
  assert.ok(s.registry.servicesByHost.has('a.x.svc.cluster.local'));
  assert.deepEqual(s.virtualServices.byGateway.get('x/gw')!.map((e) => e.name), ['v']);
  assert.deepEqual([...s.virtualServices.byHost.keys()], ['a.x.svc.cluster.local']);
  assert.deepEqual(s.gatewaysForWorkload({ app: 'gw', extra: '1' }).map((g) => g.metadata.name), ['gw']);
  assert.deepEqual(s.gatewaysForWorkload({ app: 'other' }), []);
});

test('update rebuilds only the indexes whose kinds changed, and deletes work', () => {
  const s1 = buildSnapshot(BASE);
  const s2 = s1.update({ upsert: load(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: v, namespace: x}
spec: {hosts: [b.example.com], gateways: [gw], http: [{route: [{destination: {host: a}}]}]}
`) });
  assert.notEqual(s2.virtualServices, s1.virtualServices);
  assert.equal(s2.registry, s1.registry);
  assert.equal(s2.gateways, s1.gateways);
  assert.equal(s2.destinationRules, s1.destinationRules);
  assert.deepEqual([...s2.changedKinds], ['VirtualService']);
  assert.deepEqual([...s2.virtualServices.byHost.keys()], ['b.example.com']);
  assert.deepEqual([...s1.virtualServices.byHost.keys()], ['a.x.svc.cluster.local'], 'the old snapshot is unchanged');
  const s3 = s2.update({ delete: ['Service/x/a'] });
  assert.equal(s3.registry.services.length, 0);
  assert.equal(s3.virtualServices, s2.virtualServices);
  assert.ok(s3.version > s2.version);
});

test('policies apply by namespace, selector and root namespace', () => {
  const s = buildSnapshot(load(`
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: mesh-wide, namespace: istio-system}
spec: {}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: ns-wide, namespace: x}
spec: {}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: selected, namespace: x}
spec: {selector: {matchLabels: {app: a}}}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: other, namespace: x}
spec: {selector: {matchLabels: {app: b}}}
`));
  assert.deepEqual(s.policiesFor('AuthorizationPolicy', 'x', { app: 'a' }).map((r) => r.metadata.name).sort(), ['mesh-wide', 'ns-wide', 'selected']);
});
