/** The generation context: merged Gateways are computed once per selected Gateways and port map. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Resource } from '../api/resource.ts';
import { loadText } from '../config/load.ts';
import { mergeGateways } from '../model/merged-gateway.ts';
import { buildSnapshot } from '../model/snapshot.ts';
import { proxyForWorkload } from '../model/workload-proxy.ts';
import { createContext, gatewayPortMap } from './context.ts';

const load = (t: string): Resource[] => loadText(t, 'ctx.yaml').resources;
const gw = (host: string): string => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: [${host}]}]`;

test('replicas share the merged Gateways until a Gateway or the port map changes', () => {
  const s1 = buildSnapshot(load(gw('a.example.com')));
  const router = (s: typeof s1, labels: Record<string, string> = { istio: 'ingressgateway' }) => proxyForWorkload(s, labels, { namespace: 'istio-system', type: 'router' });
  const m1 = createContext(router(s1), s1).mergedGateway!;
  assert.equal(createContext({ ...router(s1), id: 'replica' }, s1).mergedGateway, m1);
  assert.deepEqual(m1, mergeGateways(s1.gatewaysForWorkload({ istio: 'ingressgateway' }), gatewayPortMap(router(s1), s1)));
  assert.equal(createContext(router(s1, { istio: 'ingressgateway', other: 'x' }), s1).mergedGateway, m1, 'other labels selecting the same Gateways: the same merge');
  assert.deepEqual(createContext(router(s1, { istio: 'egressgateway' }), s1).mergedGateway!.ports, [], 'labels selecting no Gateway');

  const s2 = s1.update({ upsert: load(`apiVersion: v1
kind: Secret
metadata: {name: unrelated, namespace: default}
type: Opaque`) });
  assert.equal(createContext(router(s2), s2).mergedGateway, m1, 'the Gateway list is shared by the update');

  const s3 = s2.update({ upsert: load(gw('b.example.com')) });
  const m3 = createContext(router(s3), s3).mergedGateway!;
  assert.notEqual(m3, m1);
  assert.deepEqual(m3.ports[0].servers[0].server.hosts, ['b.example.com']);

  const s4 = s3.update({ upsert: load(`apiVersion: v1
kind: Service
metadata: {name: ingressgateway, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  ports: [{name: http, port: 80, targetPort: 8080}]`) });
  const m4 = createContext(router(s4), s4).mergedGateway!;
  assert.deepEqual([...m4.serversByRouteName.keys()], ['http.8080'], 'port translation by the gateway Service');
});
