/** Redirect locations as Envoy builds them, and Envoy-style regex substitutions. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileRe2, envoySubstitutionToRe2js } from '../common/regex.ts';
import { compileRedirect } from './redirect.ts';

test('https_redirect drops the default port of the old scheme', () => {
  const r = compileRedirect({ httpsRedirect: true });
  assert.equal(r.status, 301);
  assert.equal(r.location('http', 'a.com:80', '/x?y=1', '/'), 'https://a.com/x?y=1');
  assert.equal(r.location('http', 'a.com:8080', '/x', '/'), 'https://a.com:8080/x');
});

test('host, port, path and prefix rewrites; strip_query; response codes', () => {
  assert.equal(compileRedirect({ hostRedirect: 'b.com', portRedirect: 8443, schemeRedirect: 'https' }).location('http', 'a.com', '/p', '/'), 'https://b.com:8443/p');
  assert.equal(compileRedirect({ pathRedirect: '/new?k=v' }).location('http', 'a.com', '/old?q=1', '/'), 'http://a.com/new?k=v');
  assert.equal(compileRedirect({ prefixRewrite: '/v2/', stripQuery: true }).location('http', 'a.com', '/v1/items?q=1', '/v1/'), 'http://a.com/v2/items');
  assert.equal(compileRedirect({ regexRewrite: { pattern: { regex: '^/users/([0-9]+)$' }, substitution: '/u/\\1' } }).location('http', 'a.com', '/users/7', undefined), 'http://a.com/u/7');
  assert.equal(compileRedirect({ responseCode: 'TEMPORARY_REDIRECT' }).status, 307);
  assert.throws(() => compileRedirect({ pathRedirect: '/a', prefixRewrite: '/b' }), /cannot combine/);
});

test('Envoy substitutions: \\N groups, literal $ and backslashes', () => {
  const re = compileRe2('(a+)(b)');
  assert.equal(re.replaceAll('xaab', envoySubstitutionToRe2js('[\\2\\1]')), 'x[baa]');
  assert.equal(re.replaceAll('ab', envoySubstitutionToRe2js('$\\1')), '$a');
  assert.equal(re.replaceAll('ab', envoySubstitutionToRe2js('\\\\')), '\\');
});
