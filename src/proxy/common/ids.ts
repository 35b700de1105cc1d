/**
 * Identifiers the proxy mints: `x-request-id` UUIDs and B3 trace/span ids (hex). Random bytes are
 * drawn in batches so a request costs a slice of a buffer, not a crypto call; request ids are
 * formatted a batch at a time too, so minting one is a single 36-byte string.
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

const UUID_LENGTH = 36;
const UUIDS_PER_BATCH = 128;
const uuids = Buffer.alloc(UUID_LENGTH * UUIDS_PER_BATCH);
let nextUuid = UUIDS_PER_BATCH;
const HEX = Buffer.from('0123456789abcdef', 'latin1');
const DASH = 0x2d;

/** Formats one UUID from 16 random bytes at `from` into `uuids` at `to`. */
function formatUuid(from: number, to: number): void {
  pool[from + 6] = (pool[from + 6] & 0x0f) | 0x40;
  pool[from + 8] = (pool[from + 8] & 0x3f) | 0x80;
  let o = to;
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) uuids[o++] = DASH;
    const b = pool[from + i];
    uuids[o++] = HEX[b >> 4];
    uuids[o++] = HEX[b & 15];
  }
}

/** A random (version 4, RFC 4122 variant) UUID, `xxxxxxxx-xxxx-4xxx-Nxxx-xxxxxxxxxxxx`. */
export function newRequestId(): string {
  if (nextUuid === UUIDS_PER_BATCH) {
    for (let i = 0; i < UUIDS_PER_BATCH; i++) formatUuid(take(16), i * UUID_LENGTH);
    nextUuid = 0;
  }
  const at = nextUuid++ * UUID_LENGTH;
  return uuids.toString('latin1', at, at + UUID_LENGTH);
}

/** A 128-bit trace id as 32 hex characters. */
export function newTraceId(): string {
  return randomHex(16);
}

/** A 64-bit span id as 16 hex characters. */
export function newSpanId(): string {
  return randomHex(8);
}
