/** Request normalisation as curl sends it: Host with a non-default port, SNI for https, header names. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeRequest, parseHeaderArg, RequestError } from './request.ts';

test('Host and port from the URL; --port changes only the port connected to; -H Host wins', () => {
  assert.deepEqual(normalizeRequest({ url: 'http://httpbin.local/ip' }), { method: 'GET', scheme: 'http', authority: 'httpbin.local', host: 'httpbin.local', port: 80, path: '/ip', headers: {} });
  const r = normalizeRequest({ url: 'https://Shop.Example.com:8443/a/../b?x=1', port: 443, headers: [['X-A', '1'], ['x-a', '2']], method: 'post' });
  assert.deepEqual([r.authority, r.port, r.path, r.sni, r.method, r.headers['x-a']], ['shop.example.com:8443', 443, '/b?x=1', 'shop.example.com', 'POST', '1,2']);
  assert.equal(normalizeRequest({ url: 'httpbin.local/ip', headers: { Host: 'other' } }).authority, 'other');
  assert.equal(normalizeRequest({ url: 'http://a/', sni: 'B' }).sni, 'b');
});

test('bad input is a RequestError', () => {
  assert.throws(() => normalizeRequest({ url: 'ftp://a/' }), RequestError);
  assert.throws(() => normalizeRequest({ url: 'http://' }), RequestError);
  assert.throws(() => parseHeaderArg('nope'), RequestError);
  assert.deepEqual(parseHeaderArg(' X-A :  b c '), ['X-A', 'b c']);
});
