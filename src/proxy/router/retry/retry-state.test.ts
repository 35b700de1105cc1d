/** Retry decisions for every retryOn condition Istio accepts, limits, overflow, back-off, predicates. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scriptedRandom } from '../../common/random.ts';
import { Resource } from '../../upstream/circuit-breaker.ts';
import { JitteredBackOff } from './backoff.ts';
import { parseRetryOn, RETRY_ON } from './retry-on.ts';
import { compileRetryPolicy } from './retry-policy.ts';
import { RetryState, type RetryCounters } from './retry-state.ts';
import type { RetryPolicy } from '../../../envoy/types.ts';

const counters = (): RetryCounters => ({ upstream_rq_retry: 0, upstream_rq_retry_success: 0, upstream_rq_retry_limit_exceeded: 0, upstream_rq_retry_overflow: 0, upstream_rq_retry_backoff_exponential: 0 });

function state(p: RetryPolicy, opts: { maxRetries?: number; requestHeaders?: Record<string, string> } = {}) {
  const stats = counters();
  const retries = new Resource(opts.maxRetries ?? 3);
  const h = opts.requestHeaders ?? {};
  const req = { path: '/', pathOnly: () => '/', header: (n: string) => h[n], queryParam: () => undefined, tlsPresented: false, tlsValidated: false };
  return { s: new RetryState<string>(compileRetryPolicy(p), req, retries, stats, scriptedRandom([0.5])), stats, retries };
}

const flat = (headers: Record<string, string>): string[] => Object.entries(headers).flat();

test('retryOn parsing: Istio tokens, whitespace, unknown tokens reported and ignored', () => {
  const r = parseRetryOn('5xx, gateway-error,bogus,unavailable');
  assert.equal(r.flags, RETRY_ON['5xx'] | RETRY_ON['gateway-error'] | RETRY_ON.unavailable);
  assert.deepEqual(r.unknown, ['bogus']);
  assert.equal(compileRetryPolicy({}).numRetries, 1, "Envoy's default is one retry");
});

test('response conditions: 5xx, gateway-error, retriable-4xx, retriable-status-codes, retriable-headers', () => {
  const would = (retryOn: string, status: number, extra: Partial<RetryPolicy> = {}, headers = {}) => state({ retryOn, ...extra }).s.wouldRetryFromHeaders(status, flat(headers));
  assert.ok(would('5xx', 500) && would('5xx', 503) && !would('5xx', 404));
  assert.ok(would('gateway-error', 502) && would('gateway-error', 504) && !would('gateway-error', 500));
  assert.ok(would('retriable-4xx', 409) && !would('retriable-4xx', 404));
  assert.ok(would('retriable-status-codes', 418, { retriableStatusCodes: [418] }) && !would('retriable-status-codes', 503, { retriableStatusCodes: [418] }));
  assert.ok(!would('connect-failure', 503, { retriableStatusCodes: [503] }), 'codes need the retriable-status-codes condition');
  const rh = { retriableHeaders: [{ name: 'x-retry-me', stringMatch: { exact: 'yes' } }] };
  assert.ok(would('retriable-headers', 200, rh, { 'x-retry-me': 'yes' }) && !would('retriable-headers', 200, rh, { 'x-retry-me': 'no' }));
  assert.ok(!would('5xx', 503, {}, { 'x-envoy-ratelimited': 'true' }) && would('envoy-ratelimited', 429, {}, { 'x-envoy-ratelimited': 'true' }));
});

test('gRPC conditions read grpc-status of a trailers-only response', () => {
  const cases: [string, number][] = [['cancelled', 1], ['deadline-exceeded', 4], ['resource-exhausted', 8], ['internal', 13], ['unavailable', 14]];
  for (const [cond, code] of cases) {
    const { s } = state({ retryOn: cond });
    assert.ok(s.wouldRetryFromHeaders(200, flat({ 'grpc-status': String(code) })), cond);
    assert.ok(!s.wouldRetryFromHeaders(200, flat({ 'grpc-status': '0' })), `${cond} vs OK`);
    assert.ok(!s.wouldRetryFromHeaders(200, []), `${cond} without grpc-status`);
  }
  assert.ok(!state({ retryOn: 'unavailable' }).s.wouldRetryFromHeaders(200, flat({ 'grpc-status': '13' })));
});

test('reset conditions: connect-failure, refused-stream, reset, reset-before-request, 5xx covers resets', () => {
  const would = (retryOn: string, kind: 'connect_failure' | 'refused_stream' | 'reset' | 'overflow', started = true) => state({ retryOn }).s.wouldRetryFromReset(kind, started);
  assert.ok(would('connect-failure', 'connect_failure') && !would('connect-failure', 'reset'));
  assert.ok(would('refused-stream', 'refused_stream') && !would('refused-stream', 'reset'));
  assert.ok(would('reset', 'reset') && would('reset', 'connect_failure'));
  assert.ok(would('reset-before-request', 'reset', false) && !would('reset-before-request', 'reset', true));
  assert.ok(would('5xx', 'reset') && would('gateway-error', 'connect_failure'));
  assert.ok(!would('5xx', 'overflow'), 'an overflow is never retried');
  assert.ok(!would('retriable-status-codes', 'reset'));
});

test('attempts: retries until the limit (URX), counting Envoy stats; success after a retry is counted', () => {
  const { s, stats, retries } = state({ retryOn: '5xx', numRetries: 2 });
  assert.equal(s.shouldRetry(true), 'yes');
  assert.equal(retries.count, 1, 'a retry holds a maxRetries slot');
  assert.equal(s.shouldRetry(true), 'yes');
  assert.equal(s.shouldRetry(true), 'limit_exceeded');
  assert.equal(retries.count, 0);
  assert.deepEqual([stats.upstream_rq_retry, stats.upstream_rq_retry_limit_exceeded], [2, 1]);
  const ok = state({ retryOn: '5xx', numRetries: 2 });
  ok.s.shouldRetry(true);
  ok.s.onFinalResponse();
  assert.equal(ok.stats.upstream_rq_retry_success, 1);
  assert.equal(ok.retries.count, 0);
});

test('the maxRetries circuit breaker refuses a retry (overflow)', () => {
  const { s, stats, retries } = state({ retryOn: '5xx', numRetries: 5 }, { maxRetries: 1 });
  retries.inc();
  assert.equal(s.shouldRetry(true), 'overflow');
  assert.equal(stats.upstream_rq_retry_overflow, 1);
});

test('retriableRequestHeaders: retries only for matching requests', () => {
  const p: RetryPolicy = { retryOn: '5xx', retriableRequestHeaders: [{ name: ':method', stringMatch: { exact: 'GET' } }] };
  assert.equal(state(p, { requestHeaders: { ':method': 'GET' } }).s.enabled, true);
  assert.equal(state(p, { requestHeaders: { ':method': 'POST' } }).s.enabled, false);
});

test('previous_hosts remembers attempted hosts', () => {
  const { s } = state({ retryOn: '5xx', retryHostPredicate: [{ name: 'envoy.retry_host_predicates.previous_hosts' }], hostSelectionRetryMaxAttempts: '5' });
  s.onHostAttempted('a');
  assert.ok(s.shouldSelectAnotherHost('a') && !s.shouldSelectAnotherHost('b'));
  assert.equal(s.hostSelectionMaxAttempts, 5);
  const none = state({ retryOn: '5xx' }).s;
  none.onHostAttempted('a');
  assert.equal(none.shouldSelectAnotherHost('a'), false);
});

test('back-off: full jitter over 25, 50, 100, 200, then 250 ms (10 × base)', () => {
  const b = new JitteredBackOff(25, 250, scriptedRandom([0.999999]));
  const draws = Array.from({ length: 6 }, () => b.nextBackOffMs());
  assert.deepEqual(draws, [24, 49, 99, 199, 249, 249]);
  const zero = new JitteredBackOff(25, 250, scriptedRandom([0]));
  assert.equal(zero.nextBackOffMs(), 0);
  const p = compileRetryPolicy({ retryBackOff: { baseInterval: '0.1s' } });
  assert.deepEqual([p.baseIntervalMs, p.maxIntervalMs], [100, 1000]);
  assert.throws(() => compileRetryPolicy({ retryBackOff: { baseInterval: '1s', maxInterval: '0.5s' } }), /greater than or equal/);
});
