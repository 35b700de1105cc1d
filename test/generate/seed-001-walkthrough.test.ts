/**
 * Seed 001's walk-through, step by step through incremental snapshot updates: the Gateway alone
 * gives the `blackhole:80` virtual host answering 404; a VirtualService bound to it whose hosts
 * lack `httpbin.local` still does; adding the host yields `httpbin.local:80`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadText } from '../../src/config/load.ts';
import { generateProxyResources } from '../../src/generate/index.ts';
import { buildSnapshot } from '../../src/model/snapshot.ts';
import { proxyForWorkload } from '../../src/model/workload-proxy.ts';
import { protoIssues } from './helpers.ts';

const GATEWAY = `
apiVersion: networking.istio.io/v1beta1
kind: Gateway
metadata: {name: httpbin-gateway}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["httpbin.local"]
`;

const vs = (hosts: string[]): string => `
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: httpbin-virtual-service}
spec:
  hosts: ${JSON.stringify(hosts)}
  gateways: [httpbin-gateway, mesh]
  http:
  - retries: {attempts: 10}
    route:
    - destination: {host: httpbin-service, subset: v1}
      weight: 0
    - destination: {host: httpbin-service, subset: v2}
      weight: 100
`;

const load = (text: string) => loadText(text, 'walkthrough.yaml').resources;

test('seed 001 walk-through: blackhole 404, still 404 without the host, then httpbin.local:80', () => {
  let snap = buildSnapshot(load(GATEWAY));
  const proxy = proxyForWorkload(snap, { istio: 'ingressgateway' }, { namespace: 'istio-system' });
  const route = () => generateProxyResources(proxy, snap).routes.find((r) => r.name === 'http.80')!;

  const step1 = route();
  assert.deepEqual(step1.virtualHosts, [{ name: 'blackhole:80', domains: ['*'], routes: [{ name: 'default', match: { prefix: '/' }, directResponse: { status: 404 } }] }]);
  assert.equal(step1.validateClusters, false);

  snap = snap.update({ upsert: load(vs(['httpbin-service'])) });
  assert.equal(route().virtualHosts![0].name, 'blackhole:80');

  const before = snap;
  snap = snap.update({ upsert: load(vs(['httpbin-service', 'httpbin.local'])) });
  assert.equal(snap.gateways, before.gateways, 'a VirtualService change keeps the Gateway index');
  assert.equal(snap.registry, before.registry, 'and the registry');
  const vh = route().virtualHosts![0];
  assert.equal(vh.name, 'httpbin.local:80');
  assert.deepEqual(vh.domains, ['httpbin.local', 'httpbin.local:80']);
  assert.equal(vh.routes![0].route!.cluster, 'outbound|80|v2|httpbin-service.default.svc.cluster.local');
  assert.equal(vh.routes![0].route!.retryPolicy!.numRetries, 10);
  assert.deepEqual(protoIssues(generateProxyResources(proxy, snap)), []);
});
