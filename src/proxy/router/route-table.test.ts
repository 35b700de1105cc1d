/** Virtual host selection and route matching with Envoy's precedence rules. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RouteConfiguration, RouteMatch } from '../../envoy/types.ts';
import { parseQuery, stripQuery, type MatchRequest } from './match-request.ts';
import { RouteTable } from './route-table.ts';

function req(path: string, headers: Record<string, string> = {}, method = 'GET'): MatchRequest {
  const q = parseQuery(path);
  return {
    path,
    pathOnly: () => stripQuery(path),
    header: (n) => (n === ':method' ? method : n === ':path' ? path : headers[n]),
    queryParam: (n) => q.get(n),
    tlsPresented: false,
    tlsValidated: false,
  };
}

const direct = (name: string) => ({ name, match: { prefix: '/' }, directResponse: { status: 200 } });

test('virtual hosts: exact, then longest suffix wildcard, then prefix wildcard, then *', () => {
  const t = new RouteTable({
    name: 'r',
    virtualHosts: [
      { name: 'exact', domains: ['api.foo.com', 'api.foo.com:8080'], routes: [direct('e')] },
      { name: 'suffix-long', domains: ['*.api.foo.com'], routes: [direct('sl')] },
      { name: 'suffix', domains: ['*.foo.com'], routes: [direct('s')] },
      { name: 'prefix', domains: ['foo.*'], routes: [direct('p')] },
      { name: 'default', domains: ['*'], routes: [direct('d')] },
    ],
  });
  const pick = (h: string) => t.findVirtualHost(h)?.name;
  assert.equal(pick('api.foo.com'), 'exact');
  assert.equal(pick('API.Foo.com'), 'exact');
  assert.equal(pick('api.foo.com:8080'), 'exact');
  assert.equal(pick('x.api.foo.com'), 'suffix-long');
  assert.equal(pick('www.foo.com'), 'suffix');
  assert.equal(pick('.foo.com'), 'default', 'a wildcard never matches the empty string');
  assert.equal(pick('foo.com'), 'prefix');
  assert.equal(pick('foo.bar'), 'prefix');
  assert.equal(pick('api.foo.com:9090'), 'default', 'the port is part of the host unless ignorePortInHostMatching');
  assert.equal(pick('elsewhere'), 'default');
});

test('ignorePortInHostMatching strips the port before matching', () => {
  const t = new RouteTable({ name: 'r', ignorePortInHostMatching: true, virtualHosts: [{ name: 'a', domains: ['a.com'], routes: [direct('a')] }] });
  assert.equal(t.findVirtualHost('a.com:1234')?.name, 'a');
  assert.equal(t.findVirtualHost('b.com:1234'), undefined);
});

test('duplicate domains are rejected', () => {
  assert.throws(() => new RouteTable({ name: 'r', virtualHosts: [{ name: 'a', domains: ['x.com'] }, { name: 'b', domains: ['X.com'] }] }), /unique values for domains/);
});

function table(matches: RouteMatch[]): RouteTable {
  const rc: RouteConfiguration = { name: 'r', virtualHosts: [{ name: 'v', domains: ['*'], routes: matches.map((m, i) => ({ name: `r${i}`, match: m, directResponse: { status: 200 } })) }] };
  return new RouteTable(rc);
}

function first(t: RouteTable, r: MatchRequest): string | undefined {
  return t.findVirtualHost('x')!.selectRoute(r)?.name;
}

test('routes match in order: path, prefix, regex, path-separated prefix, case sensitivity', () => {
  const t = table([{ path: '/exact' }, { safeRegex: { regex: '/items/[0-9]+' } }, { pathSeparatedPrefix: '/api' }, { prefix: '/CI', caseSensitive: false }, { prefix: '/' }]);
  assert.equal(first(t, req('/exact')), 'r0');
  assert.equal(first(t, req('/exact?x=1')), 'r0', 'query is ignored by path matches');
  assert.equal(first(t, req('/exactly')), 'r4');
  assert.equal(first(t, req('/items/42')), 'r1');
  assert.equal(first(t, req('/items/42/x')), 'r4', 'regex matches the whole path');
  assert.equal(first(t, req('/api')), 'r2');
  assert.equal(first(t, req('/api/v1')), 'r2');
  assert.equal(first(t, req('/apis')), 'r4');
  assert.equal(first(t, req('/ci/x')), 'r3');
});

test('header, query parameter and method matchers', () => {
  const t = table([
    { prefix: '/', headers: [{ name: ':method', stringMatch: { exact: 'POST' } }] },
    { prefix: '/', headers: [{ name: 'x-exact', stringMatch: { exact: 'a' } }, { name: 'x-prefix', stringMatch: { prefix: 'pre' } }] },
    { prefix: '/', headers: [{ name: 'x-suffix', stringMatch: { suffix: 'end' } }] },
    { prefix: '/', headers: [{ name: 'x-contains', stringMatch: { contains: 'mid' } }] },
    { prefix: '/', headers: [{ name: 'x-regex', safeRegexMatch: { regex: 'v[0-9]' } }] },
    { prefix: '/', headers: [{ name: 'x-present', presentMatch: true }] },
    { prefix: '/', headers: [{ name: 'x-not', stringMatch: { exact: 'no' }, invertMatch: true }] },
    { prefix: '/', queryParameters: [{ name: 'debug', stringMatch: { exact: 'true' } }] },
    { prefix: '/', queryParameters: [{ name: 'flag', presentMatch: true }] },
    { prefix: '/' },
  ]);
  assert.equal(first(t, req('/', {}, 'POST')), 'r0');
  assert.equal(first(t, req('/', { 'x-exact': 'a', 'x-prefix': 'prefix' })), 'r1');
  assert.equal(first(t, req('/', { 'x-exact': 'a' })), 'r9', 'all header matchers must hold');
  assert.equal(first(t, req('/', { 'x-suffix': 'the-end' })), 'r2');
  assert.equal(first(t, req('/', { 'x-contains': 'a-mid-b' })), 'r3');
  assert.equal(first(t, req('/', { 'x-regex': 'v1' })), 'r4');
  assert.equal(first(t, req('/', { 'x-regex': 'v10' })), 'r9', 'regex is a full match; an inverted matcher does not match an absent header');
  assert.equal(first(t, req('/', { 'x-present': '' })), 'r5');
  assert.equal(first(t, req('/', { 'x-not': 'yes' })), 'r6');
  assert.equal(first(t, req('/', { 'x-not': 'no' })), 'r9');
  assert.equal(first(t, req('/?debug=true')), 'r7');
  assert.equal(first(t, req('/?debug=false&flag')), 'r8');
});

test('invalid RE2 and bad route actions are config errors', () => {
  assert.throws(() => table([{ safeRegex: { regex: '(a' } }]), /invalid RE2/);
  assert.throws(() => table([{ safeRegex: { regex: '(?=x)' } }]), /invalid RE2/);
  assert.throws(() => new RouteTable({ name: 'r', virtualHosts: [{ name: 'v', domains: ['*'], routes: [{ match: { prefix: '/' } }] }] }), /exactly one of route, redirect, directResponse/);
});
