/** "Did you mean": the nearest candidate by edit distance, only when it is near enough to help. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { closest, didYouMean } from './suggest.ts';

const JWT_RULE_FIELDS = ['issuer', 'audiences', 'jwksUri', 'jwks', 'fromHeaders', 'fromParams', 'fromCookies', 'outputPayloadToHeader', 'forwardOriginalToken', 'outputClaimToHeaders', 'timeout'];

describe('closest', () => {
  test('seed 003: forwardOriginalTolen → forwardOriginalToken', () => {
    assert.equal(closest('forwardOriginalTolen', JWT_RULE_FIELDS), 'forwardOriginalToken');
  });

  test('case differences count as nothing', () => {
    assert.equal(closest('JWKSURI', JWT_RULE_FIELDS), 'jwksUri');
    assert.equal(closest('virtualservice', ['Gateway', 'VirtualService']), 'VirtualService');
  });

  test('the nearest of several candidates wins', () => {
    assert.equal(closest('adresses', ['address', 'addresses', 'ports']), 'addresses');
    assert.equal(closest('hots', ['hosts', 'ports', 'http']), 'hosts');
  });

  test('far-away words get no suggestion', () => {
    assert.equal(closest('includeHeadersInCheck', JWT_RULE_FIELDS), undefined);
    assert.equal(closest('zzzzzz', ['hosts', 'gateways']), undefined);
  });

  test('the allowed distance grows with the word: 2, or a third of its length', () => {
    assert.equal(closest('ab', ['xy']), 'xy');
    assert.equal(closest('abc', ['xyz']), undefined);
    assert.equal(closest('outlierDetectoinn', ['outlierDetection']), 'outlierDetection');
  });

  test('no candidates, no suggestion', () => {
    assert.equal(closest('anything', []), undefined);
    assert.equal(closest('anything', new Set<string>()), undefined);
  });
});

describe('didYouMean', () => {
  test('formats a suggestion to append to a message', () => {
    assert.equal(didYouMean('forwardOriginalTolen', JWT_RULE_FIELDS), ' (did you mean "forwardOriginalToken"?)');
  });

  test('is empty without a close candidate', () => {
    assert.equal(didYouMean('somethingElseEntirely', JWT_RULE_FIELDS), '');
  });
});
