/**
 * Every security, telemetry and install example of seeds 003 and 004, written out verbatim (comments
 * included) under testdata/seeds/, with its verdict: valid, or the exact diagnostics. Documents of
 * other kinds that share an example are judged by their own tests, so only our kinds count here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { loadText } from '../load.ts';
import { expectDiagnostics, type Expected } from './case-table.ts';

interface SeedExample {
  name: string;
  /** File under testdata/seeds/. */
  file: string;
  errors?: (string | Expected)[];
  warnings?: (string | Expected)[];
  /** How many resources of our kinds load. */
  loads: number;
}

const OUR_KINDS = new Set(['AuthorizationPolicy', 'RequestAuthentication', 'PeerAuthentication', 'Telemetry', 'IstioOperator']);

const CUSTOM_WITHOUT_RULES = 'CUSTOM action without `rules` is meaningless as it will never be triggered, add an empty rule `{}` if you want it be triggered for every request';

const examples: SeedExample[] = [
  {
    name: '003 istio-operator.yaml (profile demo)',
    file: '003-istio-operator-demo.yaml',
    loads: 1,
  },
  {
    name: '003 AuthorizationPolicy action ALLOW',
    file: '003-authz-action-allow.yaml',
    loads: 1,
  },
  {
    name: '003 AuthorizationPolicy CUSTOM with oauth2-proxy provider',
    file: '003-authz-custom-oauth2-proxy.yaml',
    loads: 1,
  },
  {
    name: '003 allow-pod (service account principal, GET)',
    file: '003-authz-allow-pod.yaml',
    loads: 1,
  },
  {
    name: '003 allow-namespace',
    file: '003-authz-allow-namespace.yaml',
    loads: 1,
  },
  {
    name: '003 allow-jwt (request.auth.claims[iss])',
    file: '003-authz-allow-jwt.yaml',
    loads: 1,
  },
  {
    name: '003 deny-all',
    file: '003-authz-deny-all.yaml',
    loads: 1,
  },
  {
    name: '003 allow-all',
    file: '003-authz-allow-all.yaml',
    loads: 1,
  },
  {
    name: '003 deny-non-tls: the namespace placeholder NAMESPACE is not a valid namespace name',
    file: '003-authz-deny-non-tls.yaml',
    loads: 0,
    errors: [{ message: 'metadata.namespace "NAMESPACE" is not a valid namespace name', path: 'metadata.namespace' }],
  },
  {
    name: '003 AuthorizationPolicy selector',
    file: '003-authz-selector.yaml',
    loads: 1,
  },
  {
    name: '003 PeerAuthentication with selector, STRICT',
    file: '003-peerauthn-selector-strict.yaml',
    loads: 1,
  },
  {
    name: '003 PeerAuthentication namespace-wide STRICT',
    file: '003-peerauthn-namespace-strict.yaml',
    loads: 1,
  },
  {
    name: '003 RequestAuthentication + AuthorizationPolicy: the forwardOriginalTolen typo',
    file: '003-requestauthn-jwt.yaml',
    loads: 1,
    errors: [{ message: 'unknown field "forwardOriginalTolen" in spec.jwtRules[0] (did you mean "forwardOriginalToken"?)', path: 'spec.jwtRules[0].forwardOriginalTolen' }],
  },
  {
    name: '003 Auth0: typo, and a placeholder host in jwksUri (reported once the typo is fixed)',
    file: '003-requestauthn-auth0.yaml',
    loads: 1,
    errors: [{ message: '(did you mean "forwardOriginalToken"?)', path: 'spec.jwtRules[0].forwardOriginalTolen' }],
  },
  {
    name: '003 Keycloak: typo, and a jwksUri without a scheme',
    file: '003-requestauthn-keycloak.yaml',
    loads: 1,
    errors: [{ message: 'did you mean "forwardOriginalToken"', path: 'spec.jwtRules[0].forwardOriginalTolen' }],
  },
  {
    name: '003 OAuth2 Proxy: typo; the CUSTOM policy has no rules',
    file: '003-requestauthn-oauth2-proxy.yaml',
    loads: 0,
    errors: [{ message: 'did you mean "forwardOriginalToken"', path: 'spec.jwtRules[0].forwardOriginalTolen' }, { message: CUSTOM_WITHOUT_RULES, path: 'spec.rules' }],
  },
  {
    name: '003 RequestAuthentication selector: the stray quote in metadata.name',
    file: '003-requestauthn-selector.yaml',
    loads: 0,
    errors: [{ message: 'metadata.name "foo-request-authentication-jwt"" is not a valid name', path: 'metadata.name' }],
  },
  {
    name: '003 Telemetry with only a namespace',
    file: '003-telemetry-namespace-only.yaml',
    loads: 0,
    errors: [{ message: 'metadata.name is required', path: 'metadata.name' }],
  },
  {
    name: '003 Telemetry access logging (envoy)',
    file: '003-telemetry-access-logging.yaml',
    loads: 1,
  },
  {
    name: '003 Telemetry metrics (prometheus)',
    file: '003-telemetry-metrics.yaml',
    loads: 1,
  },
  {
    name: '003 Telemetry tracing (opentelemetry, 100%)',
    file: '003-telemetry-tracing.yaml',
    loads: 1,
  },
  {
    name: '004 empty.yaml (profile empty)',
    file: '004-istio-operator-empty.yaml',
    loads: 1,
  },
  {
    name: '004 profile empty with one enabled ingress gateway',
    file: '004-istio-operator-ingress-only.yaml',
    loads: 1,
  },
];

const text = (ex: SeedExample): string => readFileSync(new URL(`testdata/seeds/${ex.file}`, import.meta.url), 'utf8');
const byFile = (file: string): SeedExample => examples.find((e) => e.file === file)!;

for (const ex of examples) {
  test(`seed ${ex.name}`, () => {
    const r = loadText(text(ex), ex.file);
    expectDiagnostics(r.diagnostics.filter((d) => d.kind === undefined || OUR_KINDS.has(d.kind)), ex);
    assert.equal(r.resources.filter((x) => OUR_KINDS.has(x.kind)).length, ex.loads);
  });
}

test('seed 003: the forwardOriginalTolen typo is reported at its line and column', () => {
  const d = loadText(text(byFile('003-requestauthn-jwt.yaml')), 'seed.yaml').diagnostics.find((x) => x.message.includes('forwardOriginalTolen'));
  assert.deepEqual([d?.severity, d?.line, d?.col, d?.kind, d?.name], ['Error', 12, 7, 'RequestAuthentication', 'foo-request-authentication-jwt']);
});

/** The seed's intent with the typo fixed: what is left is the URL problem, if any. */
const fixed = (file: string): string => text(byFile(file)).replace('forwardOriginalTolen', 'forwardOriginalToken');

test('seed 003 with forwardOriginalToken spelled right: the example.com rule is valid', () => {
  const r = loadText(fixed('003-requestauthn-jwt.yaml'), 'seed.yaml');
  expectDiagnostics(r.diagnostics, {});
  assert.equal(r.resources.find((x) => x.kind === 'RequestAuthentication')?.spec.jwtRules[0].forwardOriginalToken, true);
});

test('seed 003 Auth0 with the typo fixed: the <Auth0のドメイン> placeholder is not a URL host', () => {
  expectDiagnostics(loadText(fixed('003-requestauthn-auth0.yaml'), 'seed.yaml').diagnostics, {
    errors: [{ message: '"https://<Auth0のドメイン>/.well-known/jwks.json" is not a valid URL', path: 'spec.jwtRules[0].jwksUri' }],
  });
});

test('seed 003 Keycloak and OAuth2 Proxy with the typo fixed: jwksUri needs http:// or https://', () => {
  expectDiagnostics(loadText(fixed('003-requestauthn-keycloak.yaml'), 'seed.yaml').diagnostics, {
    errors: [{ message: 'URI scheme "" is not supported: url must have scheme http:// or https://', path: 'spec.jwtRules[0].jwksUri' }],
  });
  expectDiagnostics(loadText(fixed('003-requestauthn-oauth2-proxy.yaml'), 'seed.yaml').diagnostics, {
    errors: [{ message: 'url must have scheme http:// or https://; write the full URL, such as https://oauth2-proxy.foo-namespace.svc.cluster.local/', path: 'spec.jwtRules[0].jwksUri' }, CUSTOM_WITHOUT_RULES],
  });
});

test('seed 003 deny-non-tls in a real namespace is valid (notPrincipals also covers TCP: no DENY warning)', () => {
  const r = loadText(text(byFile('003-authz-deny-non-tls.yaml')).replace('NAMESPACE', 'foo'), 'seed.yaml');
  expectDiagnostics(r.diagnostics, {});
  assert.equal(r.resources.length, 1);
});
