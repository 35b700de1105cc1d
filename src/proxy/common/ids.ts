/**
 * Identifiers the proxy mints: `x-request-id` UUIDs and B3 trace/span ids (hex). Random bytes are
 * drawn in batches so a request costs a slice of a buffer, not a crypto call.
 */
import { randomFillSync, randomUUID } from 'node:crypto';

export function newRequestId(): string {
  return randomUUID();
}

const POOL_SIZE = 4096;
const pool = Buffer.alloc(POOL_SIZE);
let offset = POOL_SIZE;

function randomHex(bytes: number): string {
  if (offset + bytes > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const s = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return s;
}

/** A 128-bit trace id as 32 hex characters. */
export function newTraceId(): string {
  return randomHex(16);
}

/** A 64-bit span id as 16 hex characters. */
export function newSpanId(): string {
  return randomHex(8);
}
