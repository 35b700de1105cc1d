/** The fast decoder's containers are plain objects and arrays, indistinguishable from `{}` and slice(). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newMapping, newSequence } from './decode-fast-containers.ts';

test('a new mapping is an empty plain object whose `__proto__` key stays an own property', () => {
  const m = newMapping();
  assert.equal(Object.getPrototypeOf(m), Object.prototype);
  assert.deepEqual(Object.keys(m), []);
  Object.defineProperty(m, '__proto__', { value: 1, enumerable: true, writable: true, configurable: true });
  assert.equal(Object.getPrototypeOf(m), Object.prototype);
  assert.notEqual(newMapping(), newMapping());
});

test('a new sequence holds exactly the items asked for, whatever their number', () => {
  const items = ['a', 1, null, { b: 2 }, [3], 4.5, 'z'];
  for (let from = 0; from <= items.length; from++) {
    for (let to = from; to <= items.length; to++) {
      const s = newSequence(items, from, to);
      assert.deepEqual(s, items.slice(from, to));
      assert.equal(s.length, to - from);
      assert.ok(Array.isArray(s) && Object.getPrototypeOf(s) === Array.prototype);
    }
  }
});
