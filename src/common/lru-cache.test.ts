/** Tests of the bounded LRU cache and string memoisation. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LruCache, memoizeBounded, memoizeString } from './lru-cache.ts';

describe('LruCache', () => {
  test('keeps at most maxEntries, dropping the least recently used', () => {
    const c = new LruCache<string, number>(2);
    c.set('a', 1);
    c.set('b', 2);
    assert.equal(c.get('a'), 1); // a is now the most recent
    c.set('c', 3); // drops b
    assert.equal(c.get('b'), undefined);
    assert.equal(c.get('a'), 1);
    assert.equal(c.get('c'), 3);
    assert.equal(c.size, 2);
  });

  test('setting a known key refreshes it without growing', () => {
    const c = new LruCache<string, number>(2);
    c.set('a', 1);
    c.set('b', 2);
    c.set('a', 10);
    c.set('c', 3); // drops b, the least recent
    assert.deepEqual([c.get('a'), c.get('b'), c.get('c')], [10, undefined, 3]);
  });

  test('refuses a size below one', () => {
    assert.throws(() => new LruCache(0), RangeError);
  });
});

describe('memoizeString', () => {
  test('calls the function once per argument, results undefined included', () => {
    const calls: string[] = [];
    const f = memoizeString((s: string) => {
      calls.push(s);
      return s === 'ok' ? undefined : `bad ${s}`;
    }, 10);
    assert.equal(f('ok'), undefined);
    assert.equal(f('ok'), undefined);
    assert.equal(f('x'), 'bad x');
    assert.equal(f('x'), 'bad x');
    assert.deepEqual(calls, ['ok', 'x']);
  });

  test('arguments longer than the key limit are computed every time, and the bound holds', () => {
    const calls: string[] = [];
    const f = memoizeString((s: string) => calls.push(s), 2, 3);
    f('long');
    f('long');
    f('a');
    f('b');
    f('c'); // drops a
    f('a');
    assert.deepEqual(calls, ['long', 'long', 'a', 'b', 'c', 'a']);
  });
});

test('memoizeBounded answers repeats from its map, caches undefined results, and starts over when full', () => {
  const calls: string[] = [];
  const f = memoizeBounded((s: string) => {
    calls.push(s);
    return s === 'bad' ? undefined : s.length;
  }, 2);
  assert.equal(f('abc'), 3);
  assert.equal(f('abc'), 3);
  assert.equal(f('bad'), undefined);
  assert.equal(f('bad'), undefined);
  assert.deepEqual(calls, ['abc', 'bad']);
  assert.equal(f('x'), 1); // full: the map starts over with 'x'
  assert.equal(f('abc'), 3);
  assert.deepEqual(calls, ['abc', 'bad', 'x', 'abc']);
  assert.throws(() => memoizeBounded((s) => s, 0), RangeError);
});
