/** Host name rules: the one-pass check of plain domains answers exactly as the label-by-label rules. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validateDomainLabels, validateStrictFQDN, validateStrictWildcardDomain } from './hosts.ts';

describe('validateDomainLabels', () => {
  test('plain domains pass, with or without a trailing dot', () => {
    for (const d of ['example.com', 'A-B.c0m', 'a.b.c.', 'x'.repeat(63) + '.com', 'reviews.default.svc.cluster.local', 'a.123.', '']) {
      assert.equal(validateDomainLabels(d), undefined, d);
    }
  });

  test('each way of going wrong keeps its message', () => {
    const cases: [string, string][] = [
      ['a.123', 'domain name "a.123" invalid (top level domain "123" cannot be all-numeric)'],
      ['1.2.3.4', 'domain name "1.2.3.4" invalid (top level domain "4" cannot be all-numeric)'],
      ['-1', 'domain name "-1" invalid (top level domain "-1" cannot be all-numeric)'],
      ['a..b', 'domain name "a..b" invalid (label "" invalid)'],
      ['.', 'domain name "." invalid (label "" invalid)'],
      ['foo-.bar', 'domain name "foo-.bar" invalid (label "foo-" invalid)'],
      ['-foo.bar', 'domain name "-foo.bar" invalid (label "-foo" invalid)'],
      ['x'.repeat(64) + '.com', `domain name "${'x'.repeat(64)}.com" invalid (label "${'x'.repeat(64)}" invalid)`],
      ['a_b.com', 'domain name "a_b.com" invalid (label "a_b" invalid)'],
      ['a.b..', 'domain name "a.b.." invalid (label "" invalid)'],
    ];
    for (const [d, message] of cases) assert.equal(validateDomainLabels(d), message, d);
  });

  test('the strict FQDN and wildcard rules build on it', () => {
    assert.equal(validateStrictFQDN('reviews.default.svc.cluster.local'), undefined);
    assert.equal(validateStrictFQDN('10.0.0.1'), 'domain name "10.0.0.1" invalid (top level domain "1" cannot be all-numeric)');
    assert.equal(validateStrictWildcardDomain('*.example.com'), undefined);
    assert.equal(validateStrictWildcardDomain('*.example.123'), 'domain name "example.123" invalid (top level domain "123" cannot be all-numeric)');
  });
});
