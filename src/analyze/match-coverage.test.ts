/** Match coverage: which earlier VirtualService matches make a later one unreachable, and which do not. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { httpMatchCovers, l4MatchCovers, stringCovers } from './match-coverage.ts';

test('string matches: prefix covers longer prefixes and exact values; regex covers exact values it matches', () => {
  assert.equal(stringCovers({ prefix: '/api' }, { prefix: '/api/v1' }), true);
  assert.equal(stringCovers({ prefix: '/api/v1' }, { prefix: '/api' }), false);
  assert.equal(stringCovers({ prefix: '/api' }, { exact: '/api/x' }), true);
  assert.equal(stringCovers({ exact: '/a' }, { exact: '/a' }), true);
  assert.equal(stringCovers({ exact: '/a' }, { prefix: '/a' }), false);
  assert.equal(stringCovers({ regex: '/v[0-9]+' }, { exact: '/v12' }), true);
  assert.equal(stringCovers({ regex: '/v[0-9]+' }, { exact: '/v12/x' }), false, 'RE2 full match');
  assert.equal(stringCovers({ regex: '/v[0-9]+' }, { prefix: '/v1' }), false);
  assert.equal(stringCovers({ regex: '(' }, { exact: '(' }), false, 'an invalid regex covers nothing');
  assert.equal(stringCovers(undefined, { exact: '/x' }), true);
  assert.equal(stringCovers({ prefix: '' }, undefined), true);
  assert.equal(stringCovers({ prefix: '/' }, undefined, false, true), true, 'every path starts with /');
  assert.equal(stringCovers({ prefix: '/' }, undefined), false, 'but not every authority');
  assert.equal(stringCovers({ prefix: '/a' }, undefined), false);
  assert.equal(stringCovers({ prefix: '/API' }, { prefix: '/api/x' }, true), true, 'ignoreUriCase');
});

test('http matches: fewer conditions cover more; gateways, ports and sources must be implied', () => {
  assert.equal(httpMatchCovers({ uri: { prefix: '/' } }, { uri: { prefix: '/x' }, headers: { a: { exact: '1' } } }), true);
  assert.equal(httpMatchCovers({ headers: { a: { exact: '1' } } }, { uri: { prefix: '/x' } }), false);
  assert.equal(httpMatchCovers({ headers: { a: {} } }, { headers: { a: { exact: '1' } } }), true, 'presence covers any value');
  assert.equal(httpMatchCovers({ gateways: ['a', 'b'] }, { gateways: ['a'] }), true);
  assert.equal(httpMatchCovers({ gateways: ['a'] }, { gateways: ['a', 'b'] }), false);
  assert.equal(httpMatchCovers({ port: 80 }, {}), false);
  assert.equal(httpMatchCovers({ sourceLabels: { app: 'a' } }, { sourceLabels: { app: 'a', v: '1' } }), true);
  assert.equal(httpMatchCovers({ withoutHeaders: { x: { exact: '1' } } }, { withoutHeaders: { x: { prefix: '' } } }), true);
  assert.equal(httpMatchCovers({ withoutHeaders: { x: { prefix: '' } } }, { withoutHeaders: { x: { exact: '1' } } }), false);
  assert.equal(httpMatchCovers({ name: 'a' }, undefined), true, 'a match with only a name matches everything');
  assert.equal(httpMatchCovers({ uri: { prefix: '/a' }, ignoreUriCase: false }, { uri: { prefix: '/a/b' }, ignoreUriCase: true }), false);
});

test('tls/tcp matches: identical, or a superset of SNI hosts with the rest equal', () => {
  assert.equal(l4MatchCovers({ sniHosts: ['a', 'b'], port: 443 }, { sniHosts: ['a'], port: 443 }), true);
  assert.equal(l4MatchCovers({ sniHosts: ['a'], port: 443 }, { sniHosts: ['a'], port: 8443 }), false);
  assert.equal(l4MatchCovers({}, { port: 1 }), true);
  assert.equal(l4MatchCovers({ port: 1 }, undefined), false);
});
