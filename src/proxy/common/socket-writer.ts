/**
 * Writes to a plaintext socket straight to its handle, the way Node's Writable does at its end,
 * without the Writable in between: no write request object per write (one is reused while writes
 * complete at once, which on a healthy connection is every write), no state bookkeeping, no
 * process.nextTick per write. A write the kernel cannot take whole stays queued in libuv in
 * order, and its completion is reported like a Writable's: write() returns false while more than
 * 16 KiB wait, and the socket emits 'drain' when they are gone. Anything the Writable itself holds
 * or is writing, a TLS socket, or a Node without the `stream_wrap` binding's write requests uses
 * socket.write() instead, so the bytes keep their order either way. `end()` and `destroy()` keep
 * working: libuv shuts a socket down only after its queued writes.
 */
import net from 'node:net';
import { getSystemErrorName } from 'node:util';

interface WriteReq {
  oncomplete?: (this: WriteReq, status: number) => void;
  /** The bytes of a queued write, kept alive until it completes. */
  buffer?: Buffer | undefined;
  bytes?: number;
  writer?: SocketWriter | undefined;
}

interface StreamHandle {
  writeBuffer(req: WriteReq, data: Buffer): number;
  writeLatin1String(req: WriteReq, data: string): number;
}

interface StreamWrapBinding {
  WriteWrap: new () => WriteReq;
  streamBaseState: Int32Array;
  kLastWriteWasAsync: number;
}

type HandleSocket = net.Socket & { _handle?: Partial<StreamHandle> | null };

function loadBinding(): StreamWrapBinding | undefined {
  try {
    const binding = (process as unknown as { binding(name: string): Partial<StreamWrapBinding> }).binding('stream_wrap');
    if (typeof binding.WriteWrap === 'function' && binding.streamBaseState instanceof Int32Array && typeof binding.kLastWriteWasAsync === 'number') {
      return binding as StreamWrapBinding;
    }
  } catch {
    // not offered by this Node: socket.write() it is
  }
  return undefined;
}

const BINDING = loadBinding();
/** Bytes queued in libuv beyond which write() reports backpressure (Node's default high-water mark). */
const HIGH_WATER = 16 * 1024;

/** The request object of the last write that completed at once: reusable. */
let spare: WriteReq | undefined;

function systemError(status: number): NodeJS.ErrnoException {
  const code = getSystemErrorName(status);
  const e: NodeJS.ErrnoException = new Error(`write ${code}`);
  e.code = code;
  e.errno = status;
  e.syscall = 'write';
  return e;
}

function onQueuedWriteDone(this: WriteReq, status: number): void {
  const w = this.writer;
  this.writer = undefined;
  this.buffer = undefined;
  if (w) w.written(this.bytes ?? 0, status);
}

export class SocketWriter {
  private readonly direct: boolean;
  /** Bytes written to the handle that libuv still holds. */
  private queued = 0;
  private blocked = false;

  constructor(readonly socket: net.Socket) {
    // A TLS socket (a TLSSocket, or one terminated in place: both are marked `encrypted`) takes
    // one write at a time.
    this.direct = BINDING !== undefined && (socket as net.Socket & { encrypted?: boolean }).encrypted !== true;
  }

  /** Writes `data` (a string as latin1); false when the caller should wait for 'drain'. */
  write(data: Buffer | string): boolean {
    const s = this.socket as HandleSocket;
    const h = s._handle;
    if (!this.direct || h == null || s.writableLength !== 0 || s.connecting || s.destroyed || s.writableEnded || typeof h.writeBuffer !== 'function') {
      return typeof data === 'string' ? s.write(data, 'latin1') : s.write(data);
    }
    const binding = BINDING!;
    const req = spare ?? new binding.WriteWrap();
    spare = undefined;
    const err = typeof data === 'string' ? h.writeLatin1String!(req, data) : h.writeBuffer(req, data);
    if (err !== 0) {
      s.destroy(systemError(err));
      return false;
    }
    if (binding.streamBaseState[binding.kLastWriteWasAsync] === 0) {
      spare = req;
      return !this.blocked;
    }
    // Queued in libuv: this request object now belongs to the pending write.
    req.oncomplete = onQueuedWriteDone;
    req.writer = this;
    req.bytes = data.length;
    if (typeof data !== 'string') req.buffer = data;
    this.queued += data.length;
    if (this.queued > HIGH_WATER) this.blocked = true;
    return !this.blocked;
  }

  /** A queued write completed (status < 0: it failed). */
  written(bytes: number, status: number): void {
    this.queued -= bytes;
    const s = this.socket;
    if (status < 0) {
      if (!s.destroyed) s.destroy(systemError(status));
      return;
    }
    if (this.blocked && this.queued === 0) {
      this.blocked = false;
      s.emit('drain');
    }
  }
}
