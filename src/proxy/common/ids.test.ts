/** Minted identifiers: x-request-id is a version 4 UUID from the pooled random bytes; B3 ids are hex. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newRequestId, newSpanId, newTraceId } from './ids.ts';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('request ids are distinct RFC 4122 version 4 UUIDs, across pool refills', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 1000; i++) {
    const id = newRequestId();
    assert.match(id, UUID_V4);
    seen.add(id);
  }
  assert.equal(seen.size, 1000);
});

test('trace and span ids are 32 and 16 hex characters', () => {
  assert.match(newTraceId(), /^[0-9a-f]{32}$/);
  assert.match(newSpanId(), /^[0-9a-f]{16}$/);
});
