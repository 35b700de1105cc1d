/**
 * Security analyzers, each with a triggering and a corrected fixture: IST0101 for a CUSTOM
 * AuthorizationPolicy's extension provider, SXT0001 (ALLOW turns on deny-by-default) and SXT0002
 * (RequestAuthentication without a policy requiring a token). Also the loader's findings as
 * IST0106 / IST0133 / IST0002.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeYaml, docs, expectCode } from './helpers.ts';

const mesh = (providers: string) => `
apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: |-
    extensionProviders:
${providers}`;
const oauth2 = '    - name: oauth2-proxy\n      envoyExtAuthzHttp: {service: oauth2-proxy.auth.svc.cluster.local, port: 4180}';

const custom = (provider: string) => `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: ext-authz, namespace: shop}
spec:
  selector: {matchLabels: {app: shop}}
  action: CUSTOM
  provider: {name: ${provider}}
  rules: [{to: [{operation: {paths: ["/admin/*"]}}]}]`;

test('IST0101 extension provider: a CUSTOM policy must name a provider of the mesh config', () => {
  const [m] = expectCode(analyzeYaml(docs(mesh(oauth2), custom('oauth2proxy'))), 'IST0101', 1);
  assert.match(m.message, /^Referenced extension provider not found: "oauth2proxy"\. The mesh config declares oauth2-proxy \(did you mean "oauth2-proxy"\?\).*Istio denies every request this policy applies to/);
  const [none] = expectCode(analyzeYaml(custom('oauth2-proxy')), 'IST0101', 1);
  assert.match(none.message, /No mesh config \(ConfigMap istio in istio-system\) is among the analyzed files/);
  expectCode(analyzeYaml(docs(mesh(oauth2), custom('oauth2-proxy'))), 'IST0101', 0);
});

const allow = (rules: string, name = 'frontend-only') => `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {matchLabels: {app: cart}}
  action: ALLOW
  rules:
${rules}`;

test('SXT0001: an ALLOW policy denies everything else; not for allow-all or the deny-all idiom', () => {
  const narrow = allow('  - from: [{source: {principals: ["cluster.local/ns/shop/sa/frontend"]}}]\n    to: [{operation: {methods: [GET]}}]');
  const [m] = expectCode(analyzeYaml(narrow), 'SXT0001', 1);
  assert.equal(m.level, 'Info');
  assert.match(m.message, /^ALLOW policy shop\/frontend-only applies to the workloads labelled app=cart in namespace shop; every request .* is now denied \(403 RBAC: access denied\) \(it only allows methods GET; principals cluster\.local\/ns\/shop\/sa\/frontend\)\./);
  const allowAll = `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: allow-all, namespace: shop}
spec:
  action: ALLOW
  rules: [{}]`;
  expectCode(analyzeYaml(docs(narrow, allowAll)), 'SXT0001', 0);
  const denyAll = `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: deny-all, namespace: shop}
spec: {}`;
  expectCode(analyzeYaml(denyAll), 'SXT0001', 0);
});

const requestAuthn = `
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: {name: jwt, namespace: shop}
spec:
  selector: {matchLabels: {app: cart}}
  jwtRules:
  - issuer: https://issuer.example.com
    jwksUri: https://issuer.example.com/.well-known/jwks.json`;

test('SXT0002: RequestAuthentication alone lets requests without a token through', () => {
  const [m] = expectCode(analyzeYaml(requestAuthn), 'SXT0002', 1);
  assert.equal(m.level, 'Warning');
  assert.match(m.message, /^RequestAuthentication shop\/jwt validates JWTs from \[https:\/\/issuer\.example\.com\] for the workloads labelled app=cart in namespace shop, .*add in namespace shop an AuthorizationPolicy with action DENY and a rule `from: \[\{source: \{notRequestPrincipals: \["\*"\]\}\}\]` and the same selector/);
  const requireJwt = allow('  - from: [{source: {requestPrincipals: ["*"]}}]', 'require-jwt');
  expectCode(analyzeYaml(docs(requestAuthn, requireJwt)), 'SXT0002', 0);
  const elsewhere = requireJwt.replace('app: cart', 'app: other');
  expectCode(analyzeYaml(docs(requestAuthn, elsewhere)), 'SXT0002', 1);
});

test('IST0106 / IST0133 / IST0002: the loader findings, with the resource and line', () => {
  const yaml = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: bad, namespace: shop}
spec:
  hosts: [shop]
  http:
  - route: [{destination: {host: shop}}]
    timeout: soon
---
apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata: {name: old, namespace: shop}
spec:
  host: shop
`;
  const ms = analyzeYaml(yaml);
  const [err] = expectCode(ms, 'IST0106', 1);
  assert.deepEqual(err.origin, { kind: 'VirtualService', namespace: 'shop', name: 'bad' });
  assert.equal(err.line, 8);
  assert.match(err.message, /^Schema validation error: spec\.http\[0\]\.timeout: .*soon/);
  const [dep] = expectCode(ms, 'IST0002', 1);
  assert.match(dep.message, /^Deprecated: .*v1alpha3/);
  assert.deepEqual(dep.origin, { kind: 'DestinationRule', namespace: 'shop', name: 'old' });
});
