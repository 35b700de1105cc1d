/**
 * Gateway analyzers, each with a triggering and a corrected fixture: IST0101 (selector,
 * credentialName), IST0138, IST0145, IST0161, IST0162 and SXT0004.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { b64, makeCert } from '../../src/config/validate/k8s-test-certs.ts';
import { analyzeYaml, docs, expectCode, gateway, service } from './helpers.ts';

const ingressDeployment = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: istio-ingressgateway, namespace: istio-system}
spec:
  selector: {matchLabels: {istio: ingressgateway}}
  template:
    metadata: {labels: {istio: ingressgateway, app: istio-ingressgateway}}
    spec: {containers: [{name: istio-proxy, image: istio/proxyv2, ports: [{containerPort: 8080}, {containerPort: 8443}]}]}`;

const ingressService = `
apiVersion: v1
kind: Service
metadata: {name: istio-ingressgateway, namespace: istio-system, labels: {istio: ingressgateway}}
spec:
  type: LoadBalancer
  selector: {istio: ingressgateway}
  ports:
  - {name: http2, port: 80, targetPort: 8080}
  - {name: https, port: 443, targetPort: 8443}`;

const tlsSecret = (name: string, ns: string, cert = makeCert('shop.example.com')): string => `
apiVersion: v1
kind: Secret
metadata: {name: ${name}, namespace: ${ns}}
type: kubernetes.io/tls
data:
  tls.crt: ${b64(cert.certPem)}
  tls.key: ${b64(cert.keyPem)}`;

const httpsServer = (host: string, credential: string) => `  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: ["${host}"]
    tls: {mode: SIMPLE, credentialName: ${credential}}`;

const vsFor = (host: string, gw: string, ns = 'default') => `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${host.split('.')[0]}, namespace: ${ns}}
spec:
  hosts: ["${host}"]
  gateways: [${gw}]
  http:
  - route: [{destination: {host: shop.default.svc.cluster.local}}]`;

const shop = service('shop', 'default');

test('IST0101 selector: with workloads in the files, a Gateway selector must match one', () => {
  const gw = gateway('public', 'default', '  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["shop.example.com"]', 'istio: ingress');
  const [m] = expectCode(analyzeYaml(docs(ingressDeployment, gw, shop, vsFor('shop.example.com', 'public'))), 'IST0101', 1);
  assert.match(m.message, /^Referenced selector not found: "istio=ingress"\. No Pod, Deployment or WorkloadEntry .* has the labels istio=ingress/);
  expectCode(analyzeYaml(docs(ingressDeployment, gw.replace('istio: ingress}', 'istio: ingressgateway}'), shop, vsFor('shop.example.com', 'public'))), 'IST0101', 0);
  expectCode(analyzeYaml(docs(gw, shop, vsFor('shop.example.com', 'public'))), 'IST0101', 0);
});

test('IST0101 credentialName: the Secret must be in the namespace of the gateway workload, not the Gateway', () => {
  const gw = gateway('public', 'default', httpsServer('shop.example.com', 'shop-cert'));
  const files = (secretNs: string) => docs(ingressDeployment, ingressService, gw, shop, vsFor('shop.example.com', 'public'), tlsSecret('shop-cert', secretNs));
  const [m] = expectCode(analyzeYaml(files('default')), 'IST0101', 1);
  assert.match(m.message, /^Referenced credentialName not found: "shop-cert"\. Secret default\/shop-cert exists, but a gateway reads credentialName Secrets from the namespace its workload runs in \(istio-system\)/);
  expectCode(analyzeYaml(files('istio-system')), 'IST0101', 0);
});

test('IST0161: the credential Secret exists but holds an expired certificate', () => {
  const gw = gateway('public', 'default', httpsServer('shop.example.com', 'shop-cert'));
  const expired = makeCert('shop.example.com', new Date(Date.UTC(2001, 0, 1)), 10);
  const [m] = expectCode(analyzeYaml(docs(ingressDeployment, ingressService, gw, shop, vsFor('shop.example.com', 'public'), tlsSecret('shop-cert', 'istio-system', expired))), 'IST0161', 1);
  assert.equal(m.level, 'Error');
  assert.match(m.message, /^The credential referenced by the Gateway public in namespace default is invalid.*Secret istio-system\/shop-cert: tls\.crt: the certificate expired on 2001-01-11/);
  expectCode(analyzeYaml(docs(ingressDeployment, ingressService, gw, shop, vsFor('shop.example.com', 'public'), tlsSecret('shop-cert', 'istio-system'))), 'IST0161', 0);
});

test('IST0138: two Gateways on one workload sharing a credentialName', () => {
  const a = gateway('shop', 'default', httpsServer('shop.example.com', 'wildcard-cert'));
  const b = gateway('blog', 'blog', httpsServer('blog.example.com', 'wildcard-cert'));
  const ms = expectCode(analyzeYaml(docs(a, b)), 'IST0138', 2);
  assert.match(ms[0].message, /^Duplicate certificate in multiple gateways \[blog\/blog default\/shop\] may cause 404s if clients re-use HTTP2 connections\. Both use credentialName wildcard-cert/);
  expectCode(analyzeYaml(docs(a, b.replace('wildcard-cert', 'blog-cert'))), 'IST0138', 0);
});

test('IST0145: Gateways in two namespaces claiming the same host on the same port of one workload (seed 000)', () => {
  const a = gateway('app1-gateway', 'my-app1', httpsServer('*', 'cert-1'));
  const b = gateway('app2-gateway', 'my-app2', httpsServer('*', 'cert-2'));
  const ms = expectCode(analyzeYaml(docs(a, b)), 'IST0145', 2);
  assert.equal(ms[0].level, 'Error');
  assert.match(ms[0].message, /^Conflict with gateways my-app2\/app2-gateway \(workload selector istio=ingressgateway, port 443, hosts \*\)\. On port 443, the gateway keeps this server/);
  assert.match(ms[1].message, /^Conflict with gateways my-app1\/app1-gateway .*the gateway keeps my-app1\/app1-gateway and ignores this server/);
  expectCode(analyzeYaml(docs(a.replace('"*"', '"my-app1.example.com"'), b.replace('"*"', '"my-app2.example.com"'))), 'IST0145', 0);
  expectCode(analyzeYaml(docs(a, b.replace('istio: ingressgateway', 'istio: other-gateway'))), 'IST0145', 0);
});

test('IST0162: a Gateway port the gateway Service does not expose', () => {
  const gw = gateway('public', 'default', '  - port: {number: 8081, name: http-alt, protocol: HTTP}\n    hosts: ["shop.example.com"]');
  const [m] = expectCode(analyzeYaml(docs(ingressDeployment, ingressService, gw, shop, vsFor('shop.example.com', 'public'))), 'IST0162', 1);
  assert.match(m.message, /target port \(port 8081\) .*Pod selector istio=ingressgateway.*Add port 8081 .* to Service istio-system\/istio-ingressgateway, or use a port it already exposes \(80, 443, 8080, 8443\)/);
  expectCode(analyzeYaml(docs(ingressDeployment, ingressService, gw.replace('8081', '8080'), shop, vsFor('shop.example.com', 'public'))), 'IST0162', 0);
});

test('SXT0004: a Gateway host no bound VirtualService routes (seed 001 step 1)', () => {
  const gw = gateway('public', 'default', '  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["shop.example.com", "blog.example.com"]');
  const [m] = expectCode(analyzeYaml(docs(gw, shop, vsFor('shop.example.com', 'public'))), 'SXT0004', 1);
  assert.match(m.message, /^Gateway server http \(port 80\) accepts host "blog\.example\.com" but no VirtualService bound to Gateway default\/public has a matching host.*Add "blog\.example\.com" to the hosts of one of default\/shop/);
  const both = docs(gw, shop, vsFor('shop.example.com', 'public'), vsFor('blog.example.com', 'public'));
  expectCode(analyzeYaml(both), 'SXT0004', 0);
});
