/** Suppression parsing and matching, in istioctl's forms. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AnalysisMessage } from './message.ts';
import { isSuppressed, parseSuppression, SuppressionError } from './suppress.ts';

const msg: AnalysisMessage = { code: 'IST0101', name: 'ReferencedResourceNotFound', level: 'Error', message: 'x', origin: { kind: 'VirtualService', namespace: 'default', name: 'reviews' } };

test('parse: CODE=Kind resource; codes upper-cased; unknown codes warn; malformed values throw', () => {
  assert.deepEqual(parseSuppression('ist0101=VirtualService default/reviews'), { suppression: { code: 'IST0101', resource: 'VirtualService default/reviews' } });
  assert.match(parseSuppression('IST1234=Pod *').warning ?? '', /unknown message code/);
  assert.equal(parseSuppression('*=*').warning, undefined);
  for (const bad of ['IST0101', '=Pod x', 'IST0101=', 'a=b=c']) assert.throws(() => parseSuppression(bad), SuppressionError);
});

test('match: Kind ns/name and Kind name.ns, globs, code wildcard, annotation', () => {
  const s = (resource: string, code = 'IST0101') => [{ code, resource }];
  assert.equal(isSuppressed(msg, s('VirtualService default/reviews')), true);
  assert.equal(isSuppressed(msg, s('VirtualService reviews.default')), true);
  assert.equal(isSuppressed(msg, s('VirtualService default/*')), true);
  assert.equal(isSuppressed(msg, s('VirtualService *.default')), true);
  assert.equal(isSuppressed(msg, s('VirtualService other/*')), false);
  assert.equal(isSuppressed(msg, s('Gateway default/reviews')), false);
  assert.equal(isSuppressed(msg, s('VirtualService default/reviews', 'IST0132')), false);
  assert.equal(isSuppressed(msg, s('*', '*')), true);
  assert.equal(isSuppressed(msg, s('VirtualService default/rev.ews')), false, 'a dot is literal');
  assert.equal(isSuppressed(msg, [], { 'galley.istio.io/analyze-suppress': 'IST0132, IST0101' }), true);
  assert.equal(isSuppressed(msg, [], { 'galley.istio.io/analyze-suppress': 'IST0132' }), false);
  assert.equal(isSuppressed({ ...msg, origin: undefined }, s('*', '*')), false, 'messages without a resource cannot be suppressed by name');
});
