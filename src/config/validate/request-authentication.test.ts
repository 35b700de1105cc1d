/** Table tests for RequestAuthentication: schema and Istio's admission rules, through loadText. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseJwksUri } from './rules/jwks-uri.ts';
import { runCase, type TableCase } from './case-table.ts';

const HEADER = `
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata:
  name: jwt
  namespace: foo
`;

const rule = (body: string): string => `jwtRules:\n- ${body.split('\n').join('\n  ')}`;
const JWKS_PUBLIC = JSON.stringify({ keys: [{ kty: 'RSA', e: 'AQAB', n: 'xyz', kid: 'k1' }] });
const JWKS_PRIVATE = JSON.stringify({ keys: [{ kty: 'EC', crv: 'P-256', x: 'a', y: 'b', d: 'secret' }] });

const cases: TableCase[] = [
  { name: 'empty spec', yaml: '' },
  { name: 'issuer and jwksUri', yaml: rule('issuer: https://example.com\njwksUri: https://example.com/.well-known/jwks.json') },
  { name: 'issuer only (OIDC discovery)', yaml: rule('issuer: https://accounts.google.com') },
  { name: 'issuer email style', yaml: rule('issuer: 1234567-compute@developer.gserviceaccount.com') },
  { name: 'full rule', yaml: rule('issuer: https://example.com\naudiences: [a, b]\njwksUri: http://jwks.default.svc.cluster.local:8000/keys\nfromHeaders:\n- name: x-jwt-assertion\n  prefix: "Bearer "\nfromParams: [access_token]\nfromCookies: [session]\noutputPayloadToHeader: x-jwt-payload\nforwardOriginalToken: true\noutputClaimToHeaders:\n- header: x-jwt-group\n  claim: nested.key.group\ntimeout: 10s\nspaceDelimitedClaims: [scope, roles]') },
  { name: 'snake_case names', yaml: rule('issuer: https://example.com\njwks_uri: https://example.com/jwks\nforward_original_token: true\nfrom_headers:\n- name: authorization') },
  { name: 'inline jwks', yaml: rule(`issuer: https://example.com\njwks: '${JWKS_PUBLIC}'`) },
  { name: 'inline single key', yaml: rule(`issuer: https://example.com\njwks: '{"kty":"RSA","e":"AQAB","n":"abc"}'`) },
  { name: 'typo forwardOriginalTolen', yaml: rule('issuer: foo\nforwardOriginalTolen: true'), errors: [{ message: 'unknown field "forwardOriginalTolen" in spec.jwtRules[0] (did you mean "forwardOriginalToken"?)', path: 'spec.jwtRules[0].forwardOriginalTolen' }] },
  { name: 'typo jwksUrl', yaml: rule('issuer: foo\njwksUrl: https://x/jwks'), errors: ['(did you mean "jwksUri"?)'] },
  { name: 'typo jwtRule', yaml: 'jwtRule:\n- issuer: x', errors: ['unknown field "jwtRule" in spec (did you mean "jwtRules"?)'] },
  { name: 'typo fromHeader', yaml: rule('issuer: x\nfromHeader:\n- name: a'), errors: ['(did you mean "fromHeaders"?)'] },
  { name: 'forwardOriginalToken string', yaml: rule('issuer: x\nforwardOriginalToken: "yes please"'), errors: [{ message: 'expected true or false', path: 'spec.jwtRules[0].forwardOriginalToken' }] },
  { name: 'audiences not a list', yaml: rule('issuer: x\naudiences: foo'), errors: ['expected a list'] },
  { name: 'neither issuer nor jwksUri', yaml: rule('audiences: [a]'), errors: [{ message: 'issuer or jwksUri must be non-empty string', path: 'spec.jwtRules[0].issuer' }] },
  { name: 'empty rule', yaml: 'jwtRules:\n- {}', errors: ['issuer or jwksUri must be non-empty string'] },
  { name: 'empty issuer', yaml: rule('issuer: ""\njwksUri: https://x.example/jwks'), errors: [{ message: 'issuer must be non-empty string', path: 'spec.jwtRules[0].issuer' }] },
  { name: 'jwksUri without issuer warns', yaml: rule('jwksUri: https://example.com/jwks'), warnings: [{ message: 'issuer is not set', path: 'spec.jwtRules[0].issuer' }] },
  { name: 'jwks and jwksUri', yaml: rule(`issuer: x\njwksUri: https://example.com/jwks\njwks: '${JWKS_PUBLIC}'`), errors: [{ message: 'only one of jwks or jwksUri can be set', path: 'spec.jwtRules[0].jwks' }] },
  { name: 'jwksUri without scheme', yaml: rule('issuer: x\njwksUri: keycloak.ns.svc.cluster.local/realms/r/protocol/openid-connect/certs'), errors: [{ message: 'URI scheme "" is not supported: url must have scheme http:// or https://; write the full URL, such as https://keycloak.ns.svc.cluster.local/realms', path: 'spec.jwtRules[0].jwksUri' }] },
  { name: 'jwksUri ftp', yaml: rule('issuer: x\njwksUri: ftp://example.com/jwks'), errors: ['URI scheme "ftp" is not supported'] },
  { name: 'jwksUri file', yaml: rule('issuer: x\njwksUri: file:///etc/jwks.json'), errors: ['URI scheme "file" is not supported'] },
  { name: 'jwksUri upper-case scheme', yaml: rule('issuer: x\njwksUri: HTTPS://example.com/jwks') },
  { name: 'jwksUri IP host and port', yaml: rule('issuer: x\njwksUri: http://10.0.0.1:8080/jwks') },
  { name: 'jwksUri IPv6 host', yaml: rule('issuer: x\njwksUri: https://[2001:db8::1]/jwks') },
  { name: 'jwksUri no host', yaml: rule('issuer: x\njwksUri: "https:///jwks"'), errors: ['URL "https:///jwks" has no host; write it as https://HOST/PATH'] },
  { name: 'jwksUri without slashes', yaml: rule('issuer: x\njwksUri: "https:example.com/jwks"'), errors: ['has no host'] },
  { name: 'jwksUri only port', yaml: rule('issuer: x\njwksUri: "http://:8080/jwks"'), errors: ['has no host'] },
  { name: 'jwksUri placeholder host', yaml: rule('issuer: x\njwksUri: https://<Auth0 domain>/.well-known/jwks.json'), errors: ['is not a valid URL'] },
  { name: 'jwksUri bad port', yaml: rule('issuer: x\njwksUri: https://example.com:99999/jwks'), errors: ['is not a valid URL'] },
  { name: 'jwksUri invalid host label', yaml: rule('issuer: x\njwksUri: https://bad_host.example.com/jwks'), errors: ['has an invalid host: domain name "bad_host.example.com" invalid'] },
  { name: 'jwksUri empty', yaml: rule('issuer: x\njwksUri: ""'), errors: ['jwksUri must be non-empty string'] },
  { name: 'jwksUri too long', yaml: rule(`issuer: x\njwksUri: https://example.com/${'a'.repeat(2048)}`), errors: ['URI is longer than 2048 characters'] },
  { name: 'jwks not JSON', yaml: rule('issuer: x\njwks: "not json"'), errors: [{ message: 'jwks parse error:', path: 'spec.jwtRules[0].jwks' }] },
  { name: 'jwks wrong shape', yaml: rule(`issuer: x\njwks: '{"foo": 1}'`), errors: ['expected a JSON Web Key Set'] },
  { name: 'jwks key without kty', yaml: rule(`issuer: x\njwks: '{"keys": [{"n": "x"}]}'`), errors: ['key at index 0 has no "kty"'] },
  { name: 'jwks with private key warns', yaml: rule(`issuer: x\njwks: '${JWKS_PRIVATE}'`), warnings: ['jwks key at index 0 contains private key material'] },
  { name: 'jwks symmetric key warns', yaml: rule(`issuer: x\njwks: '{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}'`), warnings: ['contains private key material'] },
  { name: 'empty audience', yaml: rule('issuer: x\naudiences: ["a", ""]'), errors: [{ message: 'audience must be non-empty string', path: 'spec.jwtRules[0].audiences[1]' }] },
  { name: 'fromHeaders missing name', yaml: rule('issuer: x\nfromHeaders:\n- prefix: "Bearer "'), errors: [{ message: 'missing required field "name"', path: 'spec.jwtRules[0].fromHeaders[0].name' }] },
  { name: 'fromHeaders empty name', yaml: rule('issuer: x\nfromHeaders:\n- name: ""'), errors: [{ message: 'location header name must be non-empty string', path: 'spec.jwtRules[0].fromHeaders[0].name' }] },
  { name: 'fromHeaders invalid name', yaml: rule('issuer: x\nfromHeaders:\n- name: "x jwt"'), errors: ['header name x jwt is not a valid header name'] },
  { name: 'fromHeaders as strings', yaml: rule('issuer: x\nfromHeaders:\n- x-goog-iap-jwt-assertion'), errors: ['expected an object, got string "x-goog-iap-jwt-assertion"'] },
  { name: 'fromParams empty', yaml: rule('issuer: x\nfromParams: [""]'), errors: [{ message: 'location query must be non-empty string', path: 'spec.jwtRules[0].fromParams[0]' }] },
  { name: 'fromCookies empty', yaml: rule('issuer: x\nfromCookies: ["a", ""]'), errors: [{ message: 'cookie name must be non-empty string', path: 'spec.jwtRules[0].fromCookies[1]' }] },
  { name: 'outputPayloadToHeader invalid', yaml: rule('issuer: x\noutputPayloadToHeader: "x:payload"'), errors: ['header name x:payload is not a valid header name'] },
  { name: 'outputClaimToHeaders missing claim', yaml: rule('issuer: x\noutputClaimToHeaders:\n- header: x-a'), errors: ['missing required field "claim"'] },
  { name: 'outputClaimToHeaders empty claim', yaml: rule('issuer: x\noutputClaimToHeaders:\n- header: x-a\n  claim: ""'), errors: [{ message: 'outputClaimToHeaders header and claim value must be non-empty string', path: 'spec.jwtRules[0].outputClaimToHeaders[0]' }] },
  { name: 'outputClaimToHeaders bad header', yaml: rule('issuer: x\noutputClaimToHeaders:\n- header: "x.a"\n  claim: sub'), errors: [{ message: 'header name x.a is not a valid header name', path: 'spec.jwtRules[0].outputClaimToHeaders[0].header' }] },
  { name: 'outputClaimToHeaders duplicate header warns', yaml: rule('issuer: x\noutputClaimToHeaders:\n- header: x-a\n  claim: sub\n- header: X-A\n  claim: iss'), warnings: ['headers must be unique'] },
  { name: 'timeout', yaml: rule('issuer: x\ntimeout: 1.5s') },
  { name: 'timeout bad syntax', yaml: rule('issuer: x\ntimeout: 10'), errors: [{ message: 'expected a duration such as "10s"', path: 'spec.jwtRules[0].timeout' }] },
  { name: 'timeout unit typo', yaml: rule('issuer: x\ntimeout: 10sec'), errors: ['invalid duration "10sec"'] },
  { name: 'timeout below 1ms', yaml: rule('issuer: x\ntimeout: 500us'), errors: [{ message: 'duration must be greater than 1ms', path: 'spec.jwtRules[0].timeout' }] },
  { name: 'spaceDelimitedClaims empty', yaml: rule('issuer: x\nspaceDelimitedClaims: [""]'), errors: ['claim name must be non-empty string'] },
  { name: 'spaceDelimitedClaims too many', yaml: rule(`issuer: x\nspaceDelimitedClaims: [${Array.from({ length: 65 }, (_, i) => `c${i}`).join(', ')}]`), errors: ['at most 64 claims may be listed, found 65'] },
  { name: 'second rule reports its index', yaml: 'jwtRules:\n- issuer: a\n- issuer: b\n  jwksUri: nope', errors: [{ message: 'URI scheme "" is not supported', path: 'spec.jwtRules[1].jwksUri' }] },
  { name: 'selector', yaml: 'selector:\n  matchLabels:\n    app: istio-ingressgateway\n' + rule('issuer: x') },
  { name: 'selector wildcard', yaml: 'selector:\n  matchLabels:\n    app: "a*"', errors: ['wildcard is not supported in selector: "app=a*"'] },
  { name: 'targetRef gateway', yaml: 'targetRef:\n  kind: Gateway\n  group: gateway.networking.k8s.io\n  name: gw\n' + rule('issuer: x') },
  { name: 'selector and targetRef', yaml: 'selector:\n  matchLabels:\n    app: a\ntargetRef:\n  kind: Gateway\n  group: gateway.networking.k8s.io\n  name: gw', errors: ['only one of targetRefs or selector can be set'] },
  { name: 'dry-run annotation unsupported', yaml: 'apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata:\n  name: ra\n  annotations:\n    istio.io/dry-run: "true"\nspec: {}\n', errors: [{ message: 'default/ra has unsupported annotation istio.io/dry-run, please remove the annotation', path: 'metadata.annotations.istio.io/dry-run' }] },
];

for (const c of cases) test(`RequestAuthentication: ${c.name}`, () => runCase(HEADER, c));

test('parseJwksUri: host, port and TLS for the fetch cluster', () => {
  assert.deepEqual(parseJwksUri('https://example.com/.well-known/jwks.json'), { scheme: 'https', hostname: 'example.com', port: 443, useSSL: true, path: '/.well-known/jwks.json' });
  assert.deepEqual(parseJwksUri('http://jwks.ns.svc:8000/k?x=1'), { scheme: 'http', hostname: 'jwks.ns.svc', port: 8000, useSSL: false, path: '/k?x=1' });
  assert.deepEqual(parseJwksUri('https://[::1]:8443/'), { scheme: 'https', hostname: '::1', port: 8443, useSSL: true, path: '/' });
  assert.ok('error' in parseJwksUri('example.com/jwks'));
});
