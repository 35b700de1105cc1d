/**
 * Reads the first bytes of a connection without consuming them: gathers data until `decide`
 * can answer (or the timeout passes), then puts every byte back with `unshift` for whoever reads
 * next. Used by the TLS inspector and the HTTP codec sniffing.
 */
import type net from 'node:net';

export const NEED_MORE = Symbol('need-more');

export function peek<T>(socket: net.Socket, decide: (buf: Buffer) => T | typeof NEED_MORE, timeoutMs: number, done: (result: T | undefined) => void): void {
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
    if (buf && buf.length > 0) socket.unshift(buf);
    done(result);
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
