/** VirtualService retries → Envoy RetryPolicy, including Istio's default policy. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { convertRetryPolicy, DEFAULT_RETRY_ON, parseRetryOn } from './retry.ts';

test('unset retries give the default policy; attempts 0 disables; codes move to retriableStatusCodes', () => {
  const d = convertRetryPolicy(undefined)!;
  assert.equal(d.retryOn, DEFAULT_RETRY_ON);
  assert.equal(d.numRetries, 2);
  assert.deepEqual(d.retriableStatusCodes, [503]);
  assert.equal(d.hostSelectionRetryMaxAttempts, '5');
  assert.equal(convertRetryPolicy({ attempts: 0 }), undefined);
  assert.equal(convertRetryPolicy(undefined, true)!.retryHostPredicate, undefined);
  const p = convertRetryPolicy({ attempts: 4, retryOn: 'gateway-error,connect-failure,429', perTryTimeout: '2s', retryIgnorePreviousHosts: false, backoff: '25ms' })!;
  assert.deepEqual(p, { retryOn: 'gateway-error,connect-failure,retriable-status-codes', numRetries: 4, perTryTimeout: '2s', hostSelectionRetryMaxAttempts: '5', retriableStatusCodes: [429], retryBackOff: { baseInterval: '0.025s' } });
  assert.deepEqual(parseRetryOn(' 5xx , 503,reset,'), { retryOn: '5xx,reset', codes: [503] });
  assert.deepEqual(convertRetryPolicy({ attempts: 1, retryOn: '5xx' })!.retriableStatusCodes, undefined);
});
