/** RouteMemo: one translation per VirtualService unless the listener inputs it read differ. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Resource } from '../../api/resource.ts';
import { loadText } from '../../config/load.ts';
import { buildSnapshot } from '../../model/snapshot.ts';
import { proxyForWorkload } from '../../model/workload-proxy.ts';
import { createContext } from '../context.ts';
import { buildRoutesForVirtualService } from './http-route.ts';

function setup(http: string) {
  const snap = buildSnapshot(
    loadText(
      `apiVersion: v1
kind: Service
metadata: {name: one, namespace: default}
spec: {ports: [{name: http, port: 9080}]}
---
apiVersion: v1
kind: Service
metadata: {name: two, namespace: default}
spec: {ports: [{name: http, port: 80}, {name: http-alt, port: 8080}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs, namespace: default}
spec:
  hosts: [a.example.com]
  gateways: [gw, mesh]
  http:
${http}`,
      'memo.yaml',
    ).resources as Resource[],
  );
  const proxy = proxyForWorkload(snap, { istio: 'ingressgateway' }, { namespace: 'default', type: 'router' });
  const ctx = createContext(proxy, snap);
  const vs = snap.virtualServices.all[0];
  const direct = (port: number, isTls: boolean, gateway: string) => buildRoutesForVirtualService(vs, ctx.routeOptions(port, new Set([gateway]), isTls));
  return { ctx, vs, direct };
}

test('a VirtualService whose routes do not depend on the listener is translated once', () => {
  const { ctx, vs, direct } = setup('  - {match: [{uri: {prefix: /a}}], route: [{destination: {host: one}}]}');
  const memo = ctx.routeMemo('mesh');
  const a = memo.routes(vs, 80, false, 'default/gw');
  assert.equal(memo.routes(vs, 443, true, 'default/gw'), a);
  assert.equal(memo.routes(vs, 8080, false, 'other/gw'), a);
  assert.deepEqual(a, direct(443, true, 'default/gw'));
});

test('listener port, TLS and gateway are inputs exactly when the translation reads them', () => {
  const cases: [string, [number, boolean, string], [number, boolean, string]][] = [
    ['  - {match: [{port: 80}], route: [{destination: {host: one}}]}', [80, false, 'default/gw'], [8080, false, 'default/gw']],
    ['  - {route: [{destination: {host: two}}]}', [80, false, 'default/gw'], [8080, false, 'default/gw']],
    ['  - {redirect: {uri: /b, derivePort: FROM_REQUEST_PORT}}', [80, false, 'default/gw'], [8443, false, 'default/gw']],
    ['  - {redirect: {uri: /b, port: 443}}', [8443, false, 'default/gw'], [8443, true, 'default/gw']],
    ['  - {match: [{gateways: [gw]}], route: [{destination: {host: one}}]}', [80, false, 'default/gw'], [80, false, 'mesh']],
    ['  - {directResponse: {status: 418}}', [80, false, 'default/gw'], [81, false, 'default/gw']],
  ];
  for (const [http, x, y] of cases) {
    const { ctx, vs, direct } = setup(http);
    const memo = ctx.routeMemo('mesh');
    const a = memo.routes(vs, ...x);
    const b = memo.routes(vs, ...y);
    assert.notEqual(a, b, http);
    assert.deepEqual(a, direct(...x), http);
    assert.deepEqual(b, direct(...y), http);
    assert.notDeepEqual(a, b, `${http}: the outputs really differ`);
    assert.equal(memo.routes(vs, ...x), a, `${http}: same inputs, same translation`);
  }
});
