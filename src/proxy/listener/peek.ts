/**
 * Reads the first bytes of a connection to decide what it is. `peek` gathers data until `decide`
 * can answer (or the timeout passes), then puts every byte back with `unshift` for whoever reads
 * next: the TLS inspector uses it. `sniff` hands the bytes it read to its caller instead, which
 * passes them on (the HTTP/1.1 codec takes them as its first input, and reads the socket direct
 * from then on) or puts them back itself: the HTTP codec detection uses it.
 */
import type net from 'node:net';

export const NEED_MORE = Symbol('need-more');

export function peek<T>(socket: net.Socket, decide: (buf: Buffer) => T | typeof NEED_MORE, timeoutMs: number, done: (result: T | undefined) => void): void {
  gather(socket, decide, timeoutMs, true, done);
}

/**
 * As `peek`, but the bytes read are handed to `done` (undefined when none were read) instead of
 * being put back: the caller passes them on, or puts them back itself.
 */
export function sniff<T>(socket: net.Socket, decide: (buf: Buffer) => T | typeof NEED_MORE, timeoutMs: number, done: (result: T | undefined, read: Buffer | undefined) => void): void {
  gather(socket, decide, timeoutMs, false, done);
}

function gather<T>(socket: net.Socket, decide: (buf: Buffer) => T | typeof NEED_MORE, timeoutMs: number, putBack: boolean, done: (result: T | undefined, read: Buffer | undefined) => void): void {
  let buf: Buffer | undefined;
  let finished = false;
  const finish = (result: T | undefined): void => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    socket.removeListener('data', onData);
    socket.removeListener('end', onEnd);
    socket.removeListener('close', onEnd);
    socket.pause();
    if (!putBack) {
      done(result, buf);
      return;
    }
    if (buf && buf.length > 0) socket.unshift(buf);
    done(result, undefined);
  };
  const onData = (d: Buffer): void => {
    buf = buf ? Buffer.concat([buf, d]) : d;
    const r = decide(buf);
    if (r !== NEED_MORE) finish(r);
  };
  const onEnd = (): void => finish(undefined);
  const timer = setTimeout(() => finish(undefined), timeoutMs);
  socket.on('data', onData);
  socket.once('end', onEnd);
  socket.once('close', onEnd);
  // Already ended (an earlier reader saw the end): nothing more will come.
  if (socket.readableEnded || socket.destroyed) {
    finish(undefined);
    return;
  }
  socket.resume();
}

