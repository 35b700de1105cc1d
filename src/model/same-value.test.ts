/** sameValue: deep equality of decoded values, key order aside. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sameValue } from './same-value.ts';

test('equal trees are the same value whatever the key order', () => {
  assert.ok(sameValue({ a: [1, 'x', { b: null }], c: true }, { c: true, a: [1, 'x', { b: null }] }));
  assert.ok(sameValue('host', ['ho', 'st'].join('')));
});

test('any difference in a value, a key, a length or a type tells them apart', () => {
  const base = { hosts: ['a', 'b'], port: { number: 80 } };
  for (const other of [
    { hosts: ['a', 'c'], port: { number: 80 } },
    { hosts: ['a'], port: { number: 80 } },
    { hosts: ['a', 'b'], port: { number: '80' } },
    { hosts: ['a', 'b'], port: { number: 80, name: 'http' } },
    { hosts: ['a', 'b'], port: { numbr: 80 } },
    { hosts: { 0: 'a', 1: 'b' }, port: { number: 80 } },
    { hosts: ['a', 'b'] },
  ]) {
    assert.equal(sameValue(base, other), false, JSON.stringify(other));
    assert.equal(sameValue(other, base), false, JSON.stringify(other));
  }
  assert.equal(sameValue(null, {}), false);
  assert.equal(sameValue({ a: undefined }, {}), false);
});
