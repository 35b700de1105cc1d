/**
 * Router generation features: several Gateways merged on one workload with Istio's conflict
 * rules (seed 000's interference), `ns/name` binding and exportTo, host intersection, HTTPS
 * redirect, MUTUAL TLS from a credentialName Secret, PASSTHROUGH by SNI, TCP servers, and port
 * translation through the gateway's Service.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FIXTURES, generateFor, protoIssues, snapshotFromYaml } from './helpers.ts';

const CERT = readFileSync(join(FIXTURES, 'seed-002', 'app.yaml'), 'utf8').match(/tls\.crt: (\S+)/)![1];
const KEY = readFileSync(join(FIXTURES, 'seed-002', 'app.yaml'), 'utf8').match(/tls\.key: (\S+)/)![1];

const BACKEND = `
apiVersion: v1
kind: Service
metadata: {name: web, namespace: apps}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8080}, {name: tcp-db, port: 5432}]
`;

const router = (yaml: string) => {
  const g = generateFor(snapshotFromYaml(`${BACKEND}---\n${yaml}`), { istio: 'ingressgateway' }, 'istio-system');
  assert.deepEqual(protoIssues(g.resources), []);
  return g;
};

test('two Gateways in different namespaces claiming the same HTTPS host: the later one is rejected (seed 000)', () => {
  const gw = (ns: string, name: string, host: string) => `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    tls: {mode: SIMPLE, serverCertificate: /c.pem, privateKey: /k.pem}
    hosts: [${host}]
`;
  const g = router([gw('team-a', 'a-gw', 'shared.example.com'), gw('team-b', 'b-gw', 'shared.example.com'), gw('team-b', 'c-gw', 'other.example.com')].join('---\n'));
  assert.deepEqual(g.problems.map((p) => [p.kind, p.name]), [['gateway', 'team-b/b-gw']]);
  assert.match(g.problems[0].message, /duplicate host names on port 443: shared.example.com/);
  const chains = g.resources.listeners[0].filterChains!;
  assert.deepEqual(chains.map((c) => c.filterChainMatch?.serverNames), [['shared.example.com'], ['other.example.com']]);
  assert.deepEqual(g.resources.routes.map((r) => r.name), ['https.443.https.a-gw.team-a', 'https.443.https.c-gw.team-b']);
});

test('VirtualServices bind Gateways by name (own namespace) and ns/name; hosts intersect; exportTo hides', () => {
  const g = router(`
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: public, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*.example.com", "apps/internal.example.org"]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: by-ns-name, namespace: apps}
spec:
  hosts: [web.example.com, internal.example.org, not-on-gateway.test]
  gateways: [istio-system/public]
  http: [{route: [{destination: {host: web}}]}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: wrong-namespace, namespace: other}
spec:
  hosts: ["*.example.org"]
  gateways: [istio-system/public]
  http: [{route: [{destination: {host: web.apps.svc.cluster.local}}]}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: same-ns-name, namespace: istio-system}
spec:
  hosts: [api.example.com]
  gateways: [public]
  http: [{route: [{destination: {host: web.apps.svc.cluster.local}}]}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: private, namespace: apps}
spec:
  hosts: [private.example.com]
  gateways: [istio-system/public]
  exportTo: ["."]
  http: [{route: [{destination: {host: web}}]}]
`);
  const vhs = g.resources.routes[0].virtualHosts!;
  // Hosts served by the very same routes collapse into one virtual host (Istio's route collapse).
  assert.deepEqual(vhs.map((v) => [v.name, v.domains]), [
    ['api.example.com:80', ['api.example.com', 'api.example.com:80']],
    ['internal.example.org:80', ['internal.example.org', 'internal.example.org:80', 'web.example.com', 'web.example.com:80']],
  ]);
  assert.equal(vhs[1].routes![0].route!.cluster, 'outbound|80||web.apps.svc.cluster.local', 'short name resolved in the VirtualService namespace');
});

test('httpsRedirect marks virtual hosts requireTls ALL; a redirect-only host gets its own virtual host', () => {
  const g = router(`
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: [a.example.com, b.example.com]
    tls: {httpsRedirect: true}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: a, namespace: apps}
spec:
  hosts: [a.example.com]
  gateways: [istio-system/gw]
  http: [{route: [{destination: {host: web}}]}]
`);
  const vhs = g.resources.routes[0].virtualHosts!;
  assert.deepEqual(vhs.map((v) => [v.name, v.requireTls, v.routes!.length]), [
    ['a.example.com:80', 'ALL', 1],
    ['b.example.com:80', 'ALL', 0],
  ]);
});

test('MUTUAL TLS from a credentialName Secret: client certificates required, CA from the same Secret', () => {
  const g = router(`
apiVersion: v1
kind: Secret
metadata: {name: mtls-cred, namespace: istio-system}
type: generic
data: {tls.crt: ${CERT}, tls.key: ${KEY}, ca.crt: ${CERT}}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 443, name: https-mtls, protocol: HTTPS}
    tls: {mode: MUTUAL, credentialName: mtls-cred, subjectAltNames: [client.example.com], minProtocolVersion: TLSV1_2}
    hosts: [secure.example.com]
`);
  const tls = g.resources.listeners[0].filterChains![0].transportSocket!.typedConfig as any;
  assert.equal(tls.requireClientCertificate, true);
  assert.deepEqual(tls.commonTlsContext.tlsParams, { tlsMinimumProtocolVersion: 'TLSv1_2' });
  assert.deepEqual(tls.commonTlsContext.combinedValidationContext, {
    defaultValidationContext: { matchSubjectAltNames: [{ exact: 'client.example.com' }] },
    validationContextSdsSecretConfig: { name: 'kubernetes://mtls-cred-cacert', sdsConfig: { ads: {}, resourceApiVersion: 'V3' } },
  });
  assert.deepEqual(g.resources.secrets.map((s) => s.name).sort(), ['kubernetes://mtls-cred', 'kubernetes://mtls-cred-cacert']);
  assert.equal(g.resources.secrets.find((s) => s.name.endsWith('-cacert'))!.validationContext!.trustedCa!.inlineBytes, CERT);
  assert.deepEqual(g.consistency, []);
});

test('a server whose credentialName Secret is missing is left out and reported; the rest stays consistent', () => {
  const g = router(`
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    tls: {mode: SIMPLE, credentialName: nowhere}
    hosts: [x.example.com]
`);
  assert.deepEqual(g.problems.map((p) => p.name), ['kubernetes://nowhere', '0.0.0.0_443']);
  assert.match(g.problems[1].message, /left out until its certificate exists \(missing secret kubernetes:\/\/nowhere\)/);
  assert.deepEqual(g.consistency, []);
  assert.equal(g.resources.listeners.find((l) => l.name === '0.0.0.0_443'), undefined);
});

test('PASSTHROUGH by tls route sniHosts and TCP servers with tcp routes', () => {
  const g = router(`
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 443, name: tls-pass, protocol: TLS}
    tls: {mode: PASSTHROUGH}
    hosts: ["*.example.com"]
  - port: {number: 5432, name: tcp, protocol: TCP}
    hosts: ["*"]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: pass, namespace: apps}
spec:
  hosts: ["*.example.com"]
  gateways: [istio-system/gw]
  tls:
  - match: [{port: 443, sniHosts: [a.example.com, b.example.com]}]
    route: [{destination: {host: web, port: {number: 80}}}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: db, namespace: apps}
spec:
  hosts: ["*"]
  gateways: [istio-system/gw]
  tcp:
  - match: [{port: 5432}]
    route:
    - destination: {host: web, port: {number: 5432}}
      weight: 80
    - destination: {host: web.apps.svc.cluster.local, port: {number: 5432}, subset: canary}
      weight: 20
`);
  const byName = Object.fromEntries(g.resources.listeners.map((l) => [l.name, l]));
  const pass = byName['0.0.0.0_443'].filterChains![0];
  assert.deepEqual(pass.filterChainMatch, { serverNames: ['a.example.com', 'b.example.com'] });
  assert.equal(pass.transportSocket, undefined, 'no termination');
  assert.equal((pass.filters[0].typedConfig as any).cluster, 'outbound|80||web.apps.svc.cluster.local');
  const tcp = byName['0.0.0.0_5432'].filterChains![0].filters[0].typedConfig as any;
  assert.deepEqual(tcp.weightedClusters, { clusters: [{ name: 'outbound|5432||web.apps.svc.cluster.local', weight: 80 }, { name: 'outbound|5432|canary|web.apps.svc.cluster.local', weight: 20 }] });
});

test('server ports translate through the Service exposing the gateway workload (targetPort)', () => {
  const g = router(`
apiVersion: v1
kind: Service
metadata: {name: istio-ingressgateway, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  ports: [{name: http2, port: 80, targetPort: 8080}]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*"]
`);
  assert.deepEqual(g.resources.listeners.map((l) => [l.name, l.address.socketAddress?.portValue]), [['0.0.0.0_8080', 8080]]);
  assert.equal(g.resources.routes[0].name, 'http.8080');
  assert.equal(g.resources.routes[0].virtualHosts![0].name, 'blackhole:80');
});

test('AUTO_PASSTHROUGH: one chain per internal service port and subset, matched by cluster name SNI', () => {
  const g = router(`
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: cross-network, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 15443, name: tls, protocol: TLS}
    tls: {mode: AUTO_PASSTHROUGH}
    hosts: ["*.apps.svc.cluster.local"]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: web, namespace: apps}
spec:
  host: web.apps.svc.cluster.local
  subsets: [{name: v1, labels: {version: v1}}]
`);
  const chains = g.resources.listeners.find((l) => l.name === '0.0.0.0_15443')!.filterChains!;
  assert.deepEqual(chains.map((c) => c.filterChainMatch!.serverNames![0]), [
    'outbound|80||web.apps.svc.cluster.local',
    'outbound|80|v1|web.apps.svc.cluster.local',
    'outbound|5432||web.apps.svc.cluster.local',
    'outbound|5432|v1|web.apps.svc.cluster.local',
  ]);
  assert.equal((chains[1].filters[0].typedConfig as any).cluster, 'outbound|80|v1|web.apps.svc.cluster.local');
});
