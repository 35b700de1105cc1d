/**
 * Short-lived buffers for the request path (a response head coalesced with its body, a body chunk
 * copied out of the shared read buffer) cut from 128 KiB slabs. Node's own pool is 8 KiB, so a
 * 1 KB response used to cost a fresh pool every few requests; here one slab serves a hundred. A
 * slab is freed by the garbage collector once no buffer cut from it is alive, as Node's pool is.
 */

const SLAB_SIZE = 128 * 1024;
/** Larger requests get their own allocation. */
const MAX_FROM_SLAB = 16 * 1024;

let slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
let used = 0;

/** An uninitialised buffer of `n` bytes. */
export function allocOut(n: number): Buffer {
  if (n > MAX_FROM_SLAB) return Buffer.allocUnsafeSlow(n);
  if (used + n > SLAB_SIZE) {
    slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
    used = 0;
  }
  const b = slab.subarray(used, used + n);
  // Keep the next buffer 8-byte aligned, as Node's pool does.
  used = (used + n + 7) & ~7;
  return b;
}
