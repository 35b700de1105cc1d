/** Host-name algebra: short-name resolution, wildcard matching, subsets, intersection and namespace qualification. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostIntersection, hostMatches, hostSubsetOf, hostsForNamespace, mostSpecificMatch, resolveShortName } from './host.ts';

test('short names resolve against the namespace; FQDNs, wildcards and IPs stay', () => {
  assert.equal(resolveShortName('httpbin-service', 'default'), 'httpbin-service.default.svc.cluster.local');
  assert.equal(resolveShortName('Reviews', 'bookinfo', 'corp.local'), 'reviews.bookinfo.svc.corp.local');
  assert.equal(resolveShortName('httpbin.local', 'default'), 'httpbin.local');
  assert.equal(resolveShortName('*', 'default'), '*');
  assert.equal(resolveShortName('10.0.0.1', 'default'), '10.0.0.1');
});

test('wildcard matching, subsets and intersection as Istio defines them', () => {
  assert.ok(hostMatches('*.example.com', 'a.example.com'));
  assert.ok(hostMatches('a.example.com', '*.example.com'));
  assert.ok(!hostMatches('*.example.com', 'example.com'));
  assert.ok(hostMatches('*', 'anything'));
  assert.ok(hostSubsetOf('a.example.com', '*.example.com'));
  assert.ok(hostSubsetOf('*.a.example.com', '*.example.com'));
  assert.ok(!hostSubsetOf('*.example.com', 'a.example.com'));
  assert.deepEqual(hostIntersection(['*.example.com'], ['a.example.com', 'b.other.com', '*.x.example.com']), ['a.example.com', '*.x.example.com']);
  assert.deepEqual(hostIntersection(['httpbin.local'], ['httpbin-service.default.svc.cluster.local', 'httpbin.local']), ['httpbin.local']);
  assert.equal(mostSpecificMatch('a.b.example.com', ['*', '*.example.com', '*.b.example.com']), '*.b.example.com');
});

test('namespace-qualified server hosts apply only to that namespace', () => {
  assert.deepEqual(hostsForNamespace(['apps/a.com', '*/b.com', 'c.com', 'other/d.com'], 'apps'), ['a.com', 'b.com', 'c.com']);
});
