/** Common header names found in the read buffer in any case; others, and look-alikes, are not. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commonHeaderName } from './header-names.ts';

function lookUp(line: string): string | undefined {
  const d = Buffer.from(`\r\n${line}`, 'latin1');
  return commonHeaderName(d, 2, d.indexOf(':'));
}

test('a common name in any case is its lower-case literal', () => {
  assert.equal(lookUp('Content-Length: 3'), 'content-length');
  assert.equal(lookUp('CONTENT-TYPE: x'), 'content-type');
  assert.equal(lookUp('date: x'), 'date');
  assert.equal(lookUp('X-Request-Id: 1'), 'x-request-id');
  assert.equal(lookUp('Transfer-Encoding: chunked'), 'transfer-encoding');
});

test('other names, and names that only look alike, are not common ones', () => {
  for (const name of ['X-Custom-Thing', 'Content-Lengtx', 'Date1', 'Hosts', 'dat~', 'Dat^', 'x-request-i^', 'Connectio']) {
    assert.equal(lookUp(`${name}: v`), undefined, name);
  }
});
