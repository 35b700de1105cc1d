/** Route hash policies: header, cookie (existing and generated), source IP, query parameter, combining. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { xxHash64 } from '../upstream/lb/xxhash64.ts';
import { generatedCookieValue, makeSetCookieValue, parseCookieValue, RouteHashPolicy, type HashRequest } from './hash-policy.ts';

function req(headers: Record<string, string>, query: Record<string, string> = {}, sourceIp = '10.1.2.3'): HashRequest {
  return { header: (n) => headers[n], queryParam: (n) => query[n], sourceIp };
}

test('each policy hashes its property with xxHash64', () => {
  assert.equal(new RouteHashPolicy([{ header: { headerName: 'X-User' } }]).generateHash(req({ 'x-user': 'alice' })), xxHash64('alice'));
  assert.equal(new RouteHashPolicy([{ connectionProperties: { sourceIp: true } }]).generateHash(req({})), xxHash64('10.1.2.3'));
  assert.equal(new RouteHashPolicy([{ queryParameter: { name: 'id' } }]).generateHash(req({}, { id: '42' })), xxHash64('42'));
  assert.equal(new RouteHashPolicy([{ cookie: { name: 'session' } }]).generateHash(req({ cookie: 'a=1; session="abc"; b=2' })), xxHash64('abc'));
});

test('nothing to hash gives undefined (the balancer picks at random)', () => {
  const p = new RouteHashPolicy([{ header: { headerName: 'x-user' } }, { queryParameter: { name: 'id' } }]);
  assert.equal(p.generateHash(req({})), undefined);
  assert.equal(new RouteHashPolicy([{ cookie: { name: 'session' } }]).generateHash(req({}), () => 'never'), undefined, 'no TTL: no cookie generated');
});

test('several policies combine as rotl1(previous) xor next; terminal stops the list', () => {
  const a = xxHash64('alice');
  const b = xxHash64('42');
  const rot = ((a << 1n) | (a >> 63n)) & ((1n << 64n) - 1n);
  const both = new RouteHashPolicy([{ header: { headerName: 'x-user' } }, { queryParameter: { name: 'id' } }]);
  assert.equal(both.generateHash(req({ 'x-user': 'alice' }, { id: '42' })), rot ^ b);
  const terminal = new RouteHashPolicy([{ header: { headerName: 'x-user' }, terminal: true }, { queryParameter: { name: 'id' } }]);
  assert.equal(terminal.generateHash(req({ 'x-user': 'alice' }, { id: '42' })), a);
  assert.equal(terminal.generateHash(req({}, { id: '42' })), b, 'a terminal policy without a hash does not stop the list');
});

test('a cookie policy with a TTL generates the cookie and hashes its value', () => {
  const p = new RouteHashPolicy([{ cookie: { name: 'sticky', ttl: '3600s', path: '/' } }]);
  const made: string[] = [];
  const value = generatedCookieValue('10.1.2.3:50000', '10.0.0.1:80');
  const h = p.generateHash(req({}), (name, path, ttl) => {
    made.push(makeSetCookieValue(name, value, path, ttl));
    return value;
  });
  assert.equal(h, xxHash64(value));
  assert.match(value, /^[0-9a-f]{16}$/);
  assert.deepEqual(made, [`sticky="${value}"; Max-Age=3600; Path=/; HttpOnly`]);
  // The follow-up request carries the cookie and hashes the same.
  assert.equal(p.generateHash(req({ cookie: `sticky="${value}"` })), h);
});

test('cookie parsing and Set-Cookie formatting', () => {
  assert.equal(parseCookieValue('a=1;b=2', 'b'), '2');
  assert.equal(parseCookieValue('ab=1; b=x', 'b'), 'x');
  assert.equal(parseCookieValue(undefined, 'b'), '');
  assert.equal(makeSetCookieValue('s', 'v', '', 0), 's="v"; HttpOnly');
  assert.throws(() => new RouteHashPolicy([{}]), /needs one of/);
});
