/**
 * Opening a transport to one upstream host: TCP, or TLS with the host's UpstreamTlsContext (SNI,
 * client certificate, ALPN), with the cluster's connect timeout and TCP keepalive. Reports Envoy's transport failure
 * reason text on failure.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { Host } from './host.ts';

export interface ConnectResult {
  socket: net.Socket;
  onReady(cb: (err: Error | undefined) => void): void;
}

/**
 * net.connect's `onread`: the kernel's bytes land in `buffer` and `callback` (called with the socket
 * as `this`) sees them synchronously — no Buffer per read and no Readable stream machinery. The
 * bytes are only valid during the call. Only plaintext connections take it: a TLS socket emits 'data'.
 */
export interface ReadInto {
  buffer: Buffer;
  callback(this: net.Socket, nread: number, buffer: Buffer): boolean;
}

/**
 * Starts a connection; `done` runs once with an error or undefined when ready for bytes. With
 * `onread`, a plaintext socket (no `host.tls`) reads through it; a TLS socket still emits 'data'.
 */
export function connectHost(host: Host, timeoutMs: number, alpn: string[] | undefined, done: (err: Error | undefined, socket: net.Socket) => void, keepaliveMs = 0, onread?: ReadInto): net.Socket {
  const t = host.tls;
  let socket: net.Socket;
  if (t) {
    socket = tls.connect({
      host: host.address,
      port: host.port,
      servername: t.sni ?? (net.isIP(host.spec.hostname) === 0 && host.spec.hostname ? host.spec.hostname : undefined),
      secureContext: t.secureContext,
      ALPNProtocols: alpn ?? t.alpn,
      rejectUnauthorized: t.rejectUnauthorized,
      checkServerIdentity: t.checkServerIdentity,
    });
  } else {
    socket = net.connect(onread ? { host: host.address, port: host.port, onread } : { host: host.address, port: host.port });
  }
  socket.setNoDelay(true);
  if (keepaliveMs > 0) socket.setKeepAlive(true, keepaliveMs);
  let finished = false;
  const finish = (err: Error | undefined): void => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    socket.removeListener('error', finish);
    done(err, socket);
  };
  const timer = setTimeout(() => {
    const e = new Error('connection timeout') as NodeJS.ErrnoException;
    e.code = 'ETIMEDOUT';
    finish(e);
    socket.destroy();
  }, timeoutMs);
  socket.once(t ? 'secureConnect' : 'connect', () => finish(undefined));
  socket.once('error', finish);
  return socket;
}

/** Envoy-style `%UPSTREAM_TRANSPORT_FAILURE_REASON%` text for a connect error. */
export function transportFailureReason(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return 'delayed_connect_error:_Connection_refused';
  if (code === 'ETIMEDOUT') return 'connection_timeout';
  if (code === 'ECONNRESET') return 'connection_reset';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'delayed_connect_error:_No_route_to_host';
  if (code?.startsWith('ERR_TLS') || code?.startsWith('ERR_SSL') || /certificate|SSL|TLS/i.test(err.message)) return `TLS_error:_${err.message.replace(/\s+/g, '_')}`;
  return (code ?? err.message).replace(/\s+/g, '_');
}
