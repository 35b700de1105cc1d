/** Tests for json-equal.ts. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonEqual } from './json-equal.ts';

test('equal JSON trees, whatever the key order, are equal; any difference in value, type or shape is not', () => {
  const a = { name: 'c', lbPolicy: 'RING_HASH', hosts: [{ port: 80, ip: '10.0.0.1' }], meta: { b: 1, a: [true, null] } };
  assert.equal(jsonEqual(a, { hosts: [{ ip: '10.0.0.1', port: 80 }], meta: { a: [true, null], b: 1 }, lbPolicy: 'RING_HASH', name: 'c' }), true);
  assert.equal(jsonEqual(a, { ...a, name: 'd' }), false);
  assert.equal(jsonEqual(a, { ...a, hosts: [{ port: 81, ip: '10.0.0.1' }] }), false);
  assert.equal(jsonEqual(a, { ...a, meta: { b: 1, a: [true] } }), false);
  assert.equal(jsonEqual(a, { ...a, extra: 1 }), false);
  assert.equal(jsonEqual({ a: 1 }, { b: 1 }), false, 'same number of keys, other names');
  assert.equal(jsonEqual({ a: undefined }, {}), false);
  assert.equal(jsonEqual([1, 2], { 0: 1, 1: 2 }), false);
  assert.equal(jsonEqual({ 0: 1, 1: 2 }, [1, 2]), false);
  assert.equal(jsonEqual('1', 1), false);
  assert.equal(jsonEqual(null, {}), false);
  assert.equal(jsonEqual(0, -0), true);
});
