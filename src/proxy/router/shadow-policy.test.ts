/** Mirror policies: fractions, and the -shadow authority Envoy sends. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileShadowPolicies, shadowAuthority } from './shadow-policy.ts';

test('fractions from runtimeFraction default values; absent means every request', () => {
  const p = compileShadowPolicies([
    { cluster: 'a', runtimeFraction: { defaultValue: { numerator: 100, denominator: 'HUNDRED' } } },
    { cluster: 'b', runtimeFraction: { defaultValue: { numerator: 250000, denominator: 'MILLION' } } },
    { cluster: 'c' },
  ]);
  assert.deepEqual(p, [
    { cluster: 'a', fraction: 1 },
    { cluster: 'b', fraction: 0.25 },
    { cluster: 'c', fraction: 1 },
  ]);
  assert.deepEqual(compileShadowPolicies(undefined), []);
  assert.throws(() => compileShadowPolicies([{ cluster: '' }]), /needs a cluster/);
});

test('the shadow authority keeps the port', () => {
  assert.equal(shadowAuthority('httpbin.local'), 'httpbin.local-shadow');
  assert.equal(shadowAuthority('httpbin.local:8080'), 'httpbin.local-shadow:8080');
  assert.equal(shadowAuthority('[::1]:80'), '[::1]-shadow:80');
  assert.equal(shadowAuthority('10.0.0.1'), '10.0.0.1-shadow');
});
