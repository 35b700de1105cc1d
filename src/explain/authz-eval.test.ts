/** AuthorizationPolicy evaluation: Istio's value matching, three-valued rules, and CUSTOM → DENY → ALLOW. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Resource } from '../api/resource.ts';
import type { AuthorizationPolicy } from '../api/security/authorization-policy.ts';
import { decide, ruleMatches, type AuthzRequest } from './authz-eval.ts';

const req = (over: Partial<AuthzRequest> = {}): AuthzRequest => ({ method: 'GET', path: '/api/v1/items?x=1', host: 'shop.example.com', port: 80, headers: {}, principal: '', sourceNamespace: '', ...over });
const policy = (name: string, spec: AuthorizationPolicy): Resource<AuthorizationPolicy> => ({ apiVersion: 'security.istio.io/v1', group: 'security.istio.io', version: 'v1', kind: 'AuthorizationPolicy', metadata: { name, namespace: 'shop', labels: {}, annotations: {} }, spec, body: { spec }, source: { file: 't.yaml', line: 1, col: 1, index: 0 } });

test('operations: exact, prefix*, *suffix and not-values; hosts ignore case; the query is not part of the path', () => {
  assert.equal(ruleMatches({ to: [{ operation: { paths: ['/api/*'], methods: ['GET'] } }] }, req()), 'yes');
  assert.equal(ruleMatches({ to: [{ operation: { paths: ['*/items'] } }] }, req()), 'yes');
  assert.equal(ruleMatches({ to: [{ operation: { notPaths: ['/api/*'] } }] }, req()), 'no');
  assert.equal(ruleMatches({ to: [{ operation: { hosts: ['SHOP.example.com'] } }] }, req()), 'yes');
  assert.equal(ruleMatches({ to: [{ operation: { ports: ['8080'] } }] }, req()), 'no');
});

test('sources: no peer identity matches no principal; JWT-dependent and IP-dependent rules are unknown', () => {
  assert.equal(ruleMatches({ from: [{ source: { principals: ['*'] } }] }, req()), 'no');
  assert.equal(ruleMatches({ from: [{ source: { notPrincipals: ['*'] } }] }, req()), 'yes');
  assert.equal(ruleMatches({ from: [{ source: { requestPrincipals: ['*'] } }] }, req()), 'no');
  assert.equal(ruleMatches({ from: [{ source: { requestPrincipals: ['*'] } }] }, req({ headers: { authorization: 'Bearer x' } })), 'unknown');
  assert.equal(ruleMatches({ from: [{ source: { ipBlocks: ['10.0.0.0/8'] } }] }, req()), 'unknown');
  assert.equal(ruleMatches({ from: [{ source: { principals: ['cluster.local/ns/a/sa/b'] } }] }, req({ principal: 'cluster.local/ns/a/sa/b' })), 'yes');
  assert.equal(ruleMatches({ when: [{ key: 'request.headers[x-tenant]', values: ['t1'] }] }, req({ headers: { 'x-tenant': 't1' } })), 'yes');
  assert.equal(ruleMatches({ when: [{ key: 'request.headers[x-tenant]', values: ['t1'] }] }, req()), 'no');
});

test('decision order: DENY beats ALLOW; ALLOW policies that do not match deny; none applies → allow', () => {
  const allowApi = policy('allow-api', { action: 'ALLOW', rules: [{ to: [{ operation: { paths: ['/api/*'] } }] }] });
  const denyV1 = policy('deny-v1', { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/api/v1/*'] } }] }] });
  assert.equal(decide([allowApi], req()).decision, 'allow');
  assert.equal(decide([allowApi, denyV1], req()).decision, 'deny');
  assert.match(decide([allowApi], req({ path: '/admin' })).reason, /none matches: 403 RBAC: access denied/);
  assert.equal(decide([], req()).decision, 'allow');
  const needsJwt = policy('jwt', { action: 'ALLOW', rules: [{ from: [{ source: { requestPrincipals: ['*'] } }] }] });
  assert.equal(decide([needsJwt], req({ headers: { authorization: 'Bearer t' } })).decision, 'depends');
  const custom = policy('ext', { action: 'CUSTOM', provider: { name: 'oauth2-proxy' }, rules: [{}] });
  assert.match(decide([custom, denyV1], req()).reason, /extension provider oauth2-proxy/);
});
