/**
 * Reading a socket Node already created (an accepted connection, a terminated TLS socket) the way
 * net.connect's `onread` option reads: the kernel's bytes land in one reused buffer and a callback
 * sees them synchronously — no Buffer per read, no Readable stream push, no 'data' event. Node
 * offers `onread` only to sockets it connects itself; for the others this switches the same two
 * things the option sets (the socket's user-buffer fields and its handle's `useUserBuffer`). Where
 * the running Node does not have them, `readInto` returns false and the caller keeps 'data'.
 *
 * The bytes are valid only during the callback: whatever outlives it must be copied. One buffer
 * serves every socket because reads never nest: Node delivers them from the event loop, one at a
 * time (a TLS socket reads synchronously only inside an empty write, which the codecs never make).
 * `emitData` turns a switched socket back into one that emits 'data' (copies), for code that takes
 * the socket over (an upgraded connection).
 */
import net from 'node:net';

export type ReadCallback = (this: net.Socket, nread: number, buffer: Buffer) => boolean;

interface UserBufferHandle {
  useUserBuffer(buffer: Uint8Array): void;
}

type Internals = net.Socket & Record<symbol, unknown> & { _handle?: Partial<UserBufferHandle> | null };

function findSymbols(): { buffer: symbol; callback: symbol } | undefined {
  const probe = new net.Socket();
  const syms = Object.getOwnPropertySymbols(probe);
  probe.destroy();
  const buffer = syms.find((s) => s.description === 'kBuffer');
  const callback = syms.find((s) => s.description === 'kBufferCb');
  return buffer && callback ? { buffer, callback } : undefined;
}

const SYMBOLS = findSymbols();

/**
 * The read buffer shared by every socket reading this way (these and net.connect's `onread` ones):
 * reads happen one at a time from the event loop, and each is consumed before the next starts.
 */
export const SHARED_READ_BUFFER = Buffer.allocUnsafe(64 * 1024);
const SHARED = SHARED_READ_BUFFER;

/**
 * Switches `socket` to read into the shared buffer through `callback` (called with the socket as
 * `this`); its 'end', 'close', pause() and resume() keep working. Returns false, changing nothing,
 * when the running Node lacks the fields or the Readable side still holds bytes (put back by a
 * listener filter: let 'data' deliver them, then switch).
 */
export function readInto(socket: net.Socket, callback: ReadCallback): boolean {
  const s = socket as Internals;
  const handle = s._handle;
  if (!SYMBOLS || !handle || typeof handle.useUserBuffer !== 'function' || s.destroyed || s.readableLength > 0) return false;
  s[SYMBOLS.buffer] = SHARED;
  s[SYMBOLS.callback] = callback;
  handle.useUserBuffer(SHARED);
  return true;
}

function pushCopy(this: net.Socket, nread: number, buffer: Buffer): boolean {
  return this.push(Buffer.from(buffer.subarray(0, nread)));
}

/** A switched socket emits 'data' again (each read copied out of the shared buffer). */
export function emitData(socket: net.Socket): void {
  if (SYMBOLS) (socket as Internals)[SYMBOLS.callback] = pushCopy;
}
