/**
 * Identifiers the proxy mints: `x-request-id` UUIDs and B3 trace/span ids (hex). Random bytes are
 * drawn in batches so a request costs a slice of a buffer, not a crypto call.
 */
import { randomFillSync } from 'node:crypto';

const POOL_SIZE = 4096;
const pool = Buffer.alloc(POOL_SIZE);
let offset = POOL_SIZE;

function take(bytes: number): number {
  if (offset + bytes > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const at = offset;
  offset += bytes;
  return at;
}

function randomHex(bytes: number): string {
  const at = take(bytes);
  return pool.toString('hex', at, at + bytes);
}

/** A random (version 4, RFC 4122 variant) UUID, `xxxxxxxx-xxxx-4xxx-Nxxx-xxxxxxxxxxxx`. */
export function newRequestId(): string {
  const at = take(16);
  pool[at + 6] = (pool[at + 6] & 0x0f) | 0x40;
  pool[at + 8] = (pool[at + 8] & 0x3f) | 0x80;
  const h = pool.toString('hex', at, at + 16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A 128-bit trace id as 32 hex characters. */
export function newTraceId(): string {
  return randomHex(16);
}

/** A 64-bit span id as 16 hex characters. */
export function newSpanId(): string {
  return randomHex(8);
}
