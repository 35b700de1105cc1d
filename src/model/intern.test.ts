/** The name pool and flat names never change a value (identity is an engine detail a test cannot see). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flat, intern } from './intern.ts';

test('intern hands back an equal string, for new and pooled names alike', () => {
  for (let i = 0; i < 2; i++) assert.equal(intern(['gateway', 'one'].join('/')), 'gateway/one');
  assert.equal(intern(''), '');
});

test('flat joins its parts', () => {
  assert.equal(flat('https.', String(443), '.', 'https', '.gw.ns'), 'https.443.https.gw.ns');
});
