/** Go-style durations as Istio writes them, and the proto3 JSON form Envoy reads. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatDuration, formatProtoDuration, parseDuration } from './duration.ts';

describe('parseDuration', () => {
  const cases: [string, number | undefined][] = [
    ['10s', 10_000],
    ['1.5s', 1_500],
    ['100ms', 100],
    ['1h30m', 5_400_000],
    ['2h45m30.5s', 9_930_500],
    ['300us', 0.3],
    ['300µs', 0.3],
    ['300μs', 0.3],
    ['250ns', 0.00025],
    ['0', 0],
    ['-0', 0],
    ['-1s', -1_000],
    ['+2m', 120_000],
    ['1.s', 1_000],
    ['.5s', 500],
    ['0s', 0],
    ['', undefined],
    ['10', undefined],
    ['s', undefined],
    ['.s', undefined],
    ['-', undefined],
    ['1 s', undefined],
    ['1sec', undefined],
    ['1d', undefined],
    ['1e3s', undefined],
    ['1.5.5s', undefined],
    ['1h-5m', undefined],
    [' 1s', undefined],
    ['1S', undefined],
  ];
  for (const [text, ms] of cases) {
    test(`${JSON.stringify(text)} → ${ms}`, () => {
      const got = parseDuration(text);
      if (ms === undefined) assert.equal(got, undefined);
      else assert.ok(got !== undefined && Math.abs(got - ms) < 1e-9, `got ${got}`);
    });
  }

  test('non-strings are not durations', () => {
    assert.equal(parseDuration(10 as unknown as string), undefined);
    assert.equal(parseDuration(undefined as unknown as string), undefined);
  });
});

describe('formatProtoDuration', () => {
  const cases: [number, string][] = [
    [0, '0s'],
    [1_000, '1s'],
    [1_500, '1.5s'],
    [250, '0.25s'],
    [1, '0.001s'],
    [0.001, '0.000001s'],
    [-1_500, '-1.5s'],
    [86_400_000, '86400s'],
    [0.0000001, '0s'],
  ];
  for (const [ms, text] of cases) test(`${ms} ms → ${text}`, () => assert.equal(formatProtoDuration(ms), text));

  test('round-trips through parseDuration', () => {
    for (const ms of [1, 1.5, 250, 1_500, 3_600_000, 0.25]) assert.equal(parseDuration(formatProtoDuration(ms)), ms);
  });
});

describe('formatDuration', () => {
  const cases: [number, string][] = [
    [0, '0ms'],
    [0.5, '500us'],
    [100, '100ms'],
    [999.5, '999.5ms'],
    [1_500, '1.5s'],
    [60_000, '60s'],
    [-0.5, '-500us'],
  ];
  for (const [ms, text] of cases) test(`${ms} ms → ${text}`, () => assert.equal(formatDuration(ms), text));
});
