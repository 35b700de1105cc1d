/**
 * Analyzers of DestinationRules, Services, ServiceEntries, Sidecars and EnvoyFilters, each with a
 * triggering and a corrected fixture: IST0110, IST0111, IST0101 (Sidecar selector), IST0118,
 * IST0128, IST0129, IST0134, IST0151–IST0155, IST0173, IST0174.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeYaml, docs, expectCode, pod, service } from './helpers.ts';

const sidecar = (name: string, labels?: string) => `
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: ${name}, namespace: shop}
spec:
${labels ? `  workloadSelector: {labels: {${labels}}}\n` : ''}  egress: [{hosts: ["./*"]}]`;

test('IST0110: two Sidecars selecting the same pod; IST0101 for a selector matching no pod', () => {
  const p = pod('cart-0', 'shop', 'app: cart, version: v1');
  const ms = analyzeYaml(docs(p, sidecar('by-app', 'app: cart'), sidecar('by-version', 'version: v1')));
  const conflicts = expectCode(ms, 'IST0110', 2);
  assert.match(conflicts[0].message, /^The Sidecars \[by-app by-version\] in namespace "shop" select the same workload pod "cart-0"/);
  expectCode(analyzeYaml(docs(p, sidecar('by-app', 'app: cart'), sidecar('by-version', 'version: v2'))), 'IST0110', 0);
  const [missing] = expectCode(analyzeYaml(docs(p, sidecar('by-version', 'version: v2'))), 'IST0101', 1);
  assert.match(missing.message, /^Referenced selector not found: "version=v2"/);
});

test('IST0111: two namespace-wide Sidecars in one namespace', () => {
  expectCode(analyzeYaml(docs(sidecar('default'), sidecar('other'))), 'IST0111', 2);
  expectCode(analyzeYaml(docs(sidecar('default'), sidecar('other', 'app: cart'))), 'IST0111', 0);
});

test('IST0118: port names outside the <protocol>[-suffix] convention, with Istio exceptions', () => {
  const ports = `  - {name: web, port: 80}
  - {name: http-web, port: 8080}
  - {name: foo, port: 9000, appProtocol: grpc}
  - {name: mysql-db, port: 3306}
  - {name: db, port: 27017}
  - {name: dns, port: 5353, protocol: UDP}`;
  const [m] = expectCode(analyzeYaml(service('cart', 'shop', ports)), 'IST0118', 1);
  assert.equal(m.level, 'Info');
  assert.match(m.message, /^Port name web \(port: 80, targetPort: 80\) doesn't follow the naming convention of Istio port\. Name it <protocol>\[-<suffix>\]/);
  expectCode(analyzeYaml(service('cart', 'shop', ports.replace('name: web,', 'name: http,'))), 'IST0118', 0);
});

const dr = (tls: string, portLevel = '') => `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: api, namespace: shop}
spec:
  host: api.example.com
  trafficPolicy:
    tls: {${tls}}${portLevel}`;
const externalApi = `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: api, namespace: shop}
spec:
  hosts: [api.example.com]
  location: MESH_EXTERNAL
  resolution: DNS
  ports: [{number: 443, name: tls, protocol: TLS}, {number: 8443, name: tls-alt, protocol: TLS}]`;

test('IST0128 / IST0129: TLS origination without CA verification, or with insecureSkipVerify', () => {
  const [m] = expectCode(analyzeYaml(docs(externalApi, dr('mode: SIMPLE'))), 'IST0128', 1);
  assert.match(m.message, /^DestinationRule shop\/api in namespace shop has TLS mode set to SIMPLE but no caCertificates are set to validate server identity for host: api\.example\.com\. Set tls\.caCertificates/);
  const insecure = expectCode(analyzeYaml(docs(externalApi, dr('mode: SIMPLE, insecureSkipVerify: true'))), 'IST0128', 1)[0];
  assert.match(insecure.message, /insecureSkipVerify: true disables the check/);
  expectCode(analyzeYaml(docs(externalApi, dr('mode: SIMPLE, caCertificates: /etc/ca.pem'))), 'IST0128', 0);
  const portLevel = '\n    portLevelSettings:\n    - port: {number: 8443}\n      tls: {mode: MUTUAL, clientCertificate: /c.pem, privateKey: /k.pem}';
  const [p] = expectCode(analyzeYaml(docs(externalApi, dr('mode: SIMPLE, caCertificates: /etc/ca.pem', portLevel))), 'IST0129', 1);
  assert.match(p.message, /has TLS mode set to MUTUAL .* for host: api\.example\.com at port number:8443\./);
  expectCode(analyzeYaml(docs(externalApi, dr('mode: SIMPLE, caCertificates: /etc/ca.pem', portLevel.replace('privateKey: /k.pem', 'privateKey: /k.pem, caCertificates: /ca.pem')))), 'IST0129', 0);
});

test('IST0134: a TCP ServiceEntry port without addresses', () => {
  const se = (extra: string) => `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: db, namespace: shop}
spec:
  hosts: [db.example.com]${extra}
  location: MESH_EXTERNAL
  resolution: DNS
  ports: [{number: 5432, name: postgres, protocol: TCP}]`;
  const [m] = expectCode(analyzeYaml(se('')), 'IST0134', 1);
  assert.match(m.message, /^ServiceEntry addresses are required for this protocol\. Port 5432 \(postgres\) is TCP; add spec\.addresses/);
  expectCode(analyzeYaml(se('\n  addresses: [10.0.0.5]')), 'IST0134', 0);
});

const ef = (name: string, patches: string, priority = '') => `
apiVersion: networking.istio.io/v1alpha3
kind: EnvoyFilter
metadata: {name: ${name}, namespace: istio-system}
spec:${priority}
  configPatches:
${patches}`;
const insertBefore = (proxyVersion = '') => `  - applyTo: HTTP_FILTER
    match:
      context: SIDECAR_INBOUND${proxyVersion}
      listener: {filterChain: {filter: {name: envoy.filters.network.http_connection_manager, subFilter: {name: envoy.filters.http.router}}}}
    patch:
      operation: INSERT_BEFORE
      value: {name: my-lua, typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua, inlineCode: "function envoy_on_request(h) end"}}`;

test('IST0151 / IST0155: relative operations without priority, and with a proxyVersion-pinned filter', () => {
  const [m] = expectCode(analyzeYaml(ef('lua', insertBefore())), 'IST0151', 1);
  assert.match(m.message, /^This EnvoyFilter does not have a priority and has a relative patch operation set.*Patch 0 uses INSERT_BEFORE on HTTP_FILTER; set spec\.priority/);
  expectCode(analyzeYaml(ef('lua', insertBefore(), '\n  priority: 10')), 'IST0151', 0);
  const pinned = analyzeYaml(docs(ef('a-pinned', insertBefore("\n      proxy: {proxyVersion: '^1\\.20.*'}")), ef('b-relative', insertBefore())));
  expectCode(pinned, 'IST0155', 1);
  expectCode(pinned, 'IST0151', 1);
});

test('IST0152 / IST0153 / IST0154: operations that do nothing for their applyTo', () => {
  const listenerFilter = `  - applyTo: LISTENER_FILTER
    match: {context: SIDECAR_INBOUND, listener: {listenerFilter: envoy.filters.listener.tls_inspector}}
    patch: {operation: REPLACE, value: {name: envoy.filters.listener.tls_inspector}}`;
  const [r] = expectCode(analyzeYaml(ef('replace', listenerFilter, '\n  priority: 1')), 'IST0152', 1);
  assert.match(r.message, /^The REPLACE operation is only valid for HTTP_FILTER and NETWORK_FILTER\. Patch 0 applies REPLACE to LISTENER_FILTER/);
  expectCode(analyzeYaml(ef('replace', insertBefore().replace('INSERT_BEFORE', 'REPLACE'), '\n  priority: 1')), 'IST0152', 0);
  const route = (op: string) => `  - applyTo: HTTP_ROUTE
    match: {context: SIDECAR_OUTBOUND, routeConfiguration: {vhost: {name: "shop:80", route: {name: default}}}}
    patch: {operation: ${op}${op === 'REMOVE' ? '' : ', value: {name: extra, match: {prefix: /x}, directResponse: {status: 200}}'}}`;
  expectCode(analyzeYaml(ef('add', route('ADD'))), 'IST0153', 1);
  expectCode(analyzeYaml(ef('add', route('INSERT_FIRST'))), 'IST0153', 0);
  expectCode(analyzeYaml(ef('remove', route('REMOVE'))), 'IST0154', 1);
  expectCode(analyzeYaml(ef('remove', route('MERGE'))), 'IST0154', 0);
});

test('IST0173 / IST0174: a subset selecting no pod, and a DestinationRule host matching no service', () => {
  const rule = (host: string) => `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: cart, namespace: shop}
spec:
  host: ${host}
  subsets:
  - {name: v1, labels: {version: v1}}
  - {name: v2, labels: {version: v2}}`;
  const files = (...extra: string[]) => docs(service('cart', 'shop'), pod('cart-v1', 'shop', 'app: cart, version: v1'), ...extra);
  const [m] = expectCode(analyzeYaml(files(rule('cart'))), 'IST0173', 1);
  assert.equal(m.level, 'Error');
  assert.match(m.message, /^The Subset v2 defined in the DestinationRule does not select any pods\. Which may lead to 503 UH \(NoHealthyUpstream\)\. Subset labels version=v2 match no workload: the service's workloads have version label\(s\) v1/);
  expectCode(analyzeYaml(files(rule('cart'), pod('cart-v2', 'shop', 'app: cart, version: v2'))), 'IST0173', 0);
  const [u] = expectCode(analyzeYaml(files(rule('carts'))), 'IST0174', 1);
  assert.match(u.message, /^The host carts defined in the DestinationRule does not match any services in the mesh\. No service has host carts \(a short name means carts\.shop\.svc\.cluster\.local\); did you mean "cart\.shop\.svc\.cluster\.local"\?/);
  expectCode(analyzeYaml(files(rule('cart'))), 'IST0174', 0);
});
