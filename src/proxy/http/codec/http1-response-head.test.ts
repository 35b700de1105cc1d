/**
 * Response heads: the values and names Node would refuse to send are refused (a bad configured or
 * upstream value can never split the response), obs-text and HTAB pass, and the framing headers
 * are added as Envoy's codec adds them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeHead, framing, InvalidHeaderError } from './http1-response-head.ts';

const head = (headers: string[], endStream = false): string => encodeHead(200, headers, endStream, false, false, false, false);

test('values with CR, LF, other controls, DEL or characters past latin1 are refused', () => {
  for (const v of ['a\r\nx-injected: 1', 'a\nb', 'a\x01b', 'a\x7fb', 'caf\u0100']) {
    assert.throws(() => head(['x-test', v]), InvalidHeaderError, JSON.stringify(v));
  }
});

test('names that are not tokens are refused', () => {
  for (const k of ['', 'bad name', 'bad:name', 'caf\xe9']) assert.throws(() => head([k, 'v']), InvalidHeaderError, JSON.stringify(k));
});

test('HTAB and obs-text values pass; framing is added', () => {
  const h = head(['x-tab', 'a\tb', 'x-obs', 'caf\xe9'], true);
  assert.equal(h, 'HTTP/1.1 200 OK\r\nx-tab: a\tb\r\nx-obs: caf\xe9\r\ncontent-length: 0\r\n\r\n');
  head(['content-type', 'text/plain']);
  assert.equal(framing.chunked, true);
});
