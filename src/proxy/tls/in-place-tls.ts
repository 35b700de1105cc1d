/**
 * Server-side TLS on the accepted socket itself. `new tls.TLSSocket(socket)` builds a second socket
 * object over the same TCP handle for every connection (another Duplex with its own stream states,
 * listeners and timers), and on a connection that carries one request that is 10–15% of its CPU.
 * Here the accepted net.Socket stays the connection's socket: its handle is swapped for Node's TLS
 * stream (the native TLSWrap a TLSSocket sits on too) over its TCP handle, so reads, writes, end()
 * and destroy() go through TLS unchanged. Bytes a listener filter already read (the ClientHello)
 * are handed to TLS first.
 *
 * In: the accepted socket, the chain's SecureContext, client-certificate and ALPN settings, and
 * two callbacks. Out: `secure` once the handshake is done (the socket then reads and writes
 * plaintext), or `failed` with the TLS error (the socket is destroyed). A second handshake on the
 * connection (TLS 1.2 renegotiation) is refused by closing it, as Envoy's BoringSSL refuses one.
 *
 * It relies on Node internals: the `tls_wrap` binding, the handle's owner symbol, and the TLSWrap
 * `close()` that node:tls installs. They are checked (the binding once, the owner symbol on the
 * first socket); where one is missing the listener makes a TLSSocket instead, as it does when
 * `setInPlaceTls(false)` turned this off. The terminated socket
 * is marked `encrypted`, as a TLSSocket is, which is how SocketWriter knows to keep TLS writes on
 * socket.write().
 */
import net from 'node:net';
import tls from 'node:tls';

/** What a terminated connection's handle answers about its session (a TLSSocket's handle too). */
export interface TlsSessionHandle {
  getProtocol(): string | null | undefined;
  getCipher(): { name: string; standardName: string; version: string } | undefined;
  getPeerCertificate(detailed?: boolean): tls.PeerCertificate | null | undefined;
  getCertificate(): tls.PeerCertificate | null | undefined;
  verifyError(): Error | null | undefined;
}

interface TlsWrap extends TlsSessionHandle {
  getALPNNegotiatedProtocol(): string | false | undefined;
  getServername(): string | false | undefined;
  setVerifyMode(requestCert: boolean, rejectUnauthorized: boolean): void;
  setALPNProtocols(wire: Buffer): void;
  receive(data: Buffer): void;
  readStart(): number;
  reading: boolean;
  onread: unknown;
  onhandshakestart: (this: TlsWrap) => void;
  onhandshakedone: (this: TlsWrap) => void;
  onerror: (this: TlsWrap, err: Error) => void;
  onnewsession: () => void;
  onkeylog: () => void;
  onclienthello: () => void;
  oncertcb: () => void;
  _parent: unknown;
  _secureContext: tls.SecureContext;
  /** Set by this module: the connection it belongs to. */
  inPlace?: InPlaceTls;
}

interface TcpHandle {
  reading?: boolean;
  onread: unknown;
  [key: symbol]: unknown;
}

interface TlsWrapBinding {
  wrap(handle: TcpHandle, context: unknown, isServer: boolean, hasActiveWrite: boolean): TlsWrap;
  TLSWrap: { prototype: Record<string, unknown> };
}

type SwappableSocket = net.Socket & {
  _handle: TcpHandle | TlsWrap | null;
  ssl?: TlsWrap | null;
  encrypted?: boolean;
  alpnProtocol?: string | false;
  servername?: string | false;
} & Record<symbol, unknown>;

export interface InPlaceTlsOptions {
  secureContext: tls.SecureContext;
  requestCert: boolean;
  rejectUnauthorized: boolean;
  /** ALPN protocols in wire form (see alpnWire), or undefined for none. */
  alpnWire: Buffer | undefined;
}

export interface InPlaceTlsEvents {
  secure(handle: TlsSessionHandle): void;
  failed(err: Error): void;
}

function loadBinding(): TlsWrapBinding | undefined {
  try {
    const binding = (process as unknown as { binding(name: string): Partial<TlsWrapBinding> }).binding('tls_wrap');
    if (typeof binding.wrap === 'function' && typeof binding.TLSWrap?.prototype.close === 'function') return binding as TlsWrapBinding;
  } catch {
    // not offered by this Node
  }
  return undefined;
}

const BINDING = loadBinding();

/**
 * The symbol net.Socket stores on its handle to find the socket back (node's `owner_symbol`),
 * learned from the first socket given here: the one symbol-keyed property of the handle whose
 * value is the socket.
 */
let ownerSymbol: symbol | undefined;

function ownerOf(socket: SwappableSocket, handle: TcpHandle): symbol | undefined {
  if (ownerSymbol) return handle[ownerSymbol] === socket ? ownerSymbol : undefined;
  const found = Object.getOwnPropertySymbols(handle).filter((x) => handle[x] === socket);
  if (found.length === 1) ownerSymbol = found[0];
  return ownerSymbol;
}

let enabled = BINDING !== undefined;

/** Whether the listener terminates TLS in place: this Node offers what it needs, and it is on. */
export function inPlaceTlsEnabled(): boolean {
  return enabled;
}

/** Turns in-place termination off, or back on where this Node supports it (tests of the TLSSocket path). */
export function setInPlaceTls(on: boolean): void {
  enabled = on && BINDING !== undefined;
}

/** ALPN protocol names in the wire form OpenSSL takes (each prefixed by its length). */
export function alpnWire(protocols: string[] | undefined): Buffer | undefined {
  if (!protocols || protocols.length === 0) return undefined;
  const parts: Buffer[] = [];
  for (const p of protocols) {
    const b = Buffer.from(p, 'latin1');
    if (b.length === 0 || b.length > 255) throw new Error(`ALPN protocol name of ${b.length} bytes: ${JSON.stringify(p)}`);
    parts.push(Buffer.from([b.length]), b);
  }
  return Buffer.concat(parts);
}

class InPlaceTls {
  handshakes = 0;
  done = false;
  constructor(
    readonly socket: SwappableSocket,
    readonly events: InPlaceTlsEvents,
  ) {}
}

function noop(): void {}

function onHandshakeStart(this: TlsWrap): void {
  const t = this.inPlace;
  if (!t) return;
  // The first handshake, or a renegotiation after it: refused.
  if (++t.handshakes > 1) t.socket.destroy();
}

function onHandshakeDone(this: TlsWrap): void {
  const t = this.inPlace;
  if (!t || t.done || t.socket.destroyed) return;
  t.done = true;
  // As a TLSSocket has them after its handshake (node:http2 reads `alpnProtocol`).
  t.socket.alpnProtocol = this.getALPNNegotiatedProtocol() ?? false;
  t.socket.servername = this.getServername() ?? false;
  t.events.secure(this);
}

function onError(this: TlsWrap, err: Error): void {
  const t = this.inPlace;
  if (!t) return;
  const first = !t.done;
  t.done = true;
  if (first) t.events.failed(err);
  t.socket.destroy();
}

/**
 * Starts server-side TLS on `socket` in place. Returns false (changing nothing) when this Node lacks
 * the internals or the socket has no TCP handle; the caller then uses tls.TLSSocket.
 */
export function startInPlaceTls(socket: net.Socket, opts: InPlaceTlsOptions, events: InPlaceTlsEvents): boolean {
  const s = socket as SwappableSocket;
  const tcp = s._handle as TcpHandle | null;
  if (!BINDING || !tcp || s.destroyed || s.connecting || typeof tcp.onread !== 'function') return false;
  const owner = ownerOf(s, tcp);
  if (!owner) return false;
  const wrap = BINDING.wrap(tcp, (opts.secureContext as unknown as { context: unknown }).context, true, false);
  // What node:tls's TLSWrap close() reads: the TCP handle to close after the TLS state, the owner's
  // `ssl` (freed then), and the context (single-use contexts are closed with it; ours are shared).
  wrap._parent = tcp;
  wrap._secureContext = opts.secureContext;
  (wrap as unknown as Record<symbol, unknown>)[owner] = s;
  wrap.inPlace = new InPlaceTls(s, events);
  wrap.onhandshakestart = onHandshakeStart;
  wrap.onhandshakedone = onHandshakeDone;
  wrap.onerror = onError;
  wrap.onnewsession = noop;
  wrap.onkeylog = noop;
  wrap.onclienthello = noop;
  wrap.oncertcb = noop;
  if (opts.requestCert || opts.rejectUnauthorized) wrap.setVerifyMode(opts.requestCert, opts.rejectUnauthorized);
  if (opts.alpnWire) wrap.setALPNProtocols(opts.alpnWire);
  // Reads of the socket now come out of TLS, delivered the way they were (net's read callback).
  wrap.onread = tcp.onread;
  wrap.reading = tcp.reading === true;
  s._handle = wrap;
  s.ssl = wrap;
  s.encrypted = true;
  // The ClientHello a listener filter read (and put back) is TLS's input, not plaintext.
  const held: Buffer[] = [];
  for (let b = s.read() as Buffer | null; b !== null; b = s.read() as Buffer | null) held.push(b);
  for (const b of held) {
    if (s.destroyed) break;
    wrap.receive(b);
  }
  if (!s.destroyed && !wrap.reading) {
    wrap.reading = true;
    wrap.readStart();
  }
  return true;
}

/** The TLS session behind a terminated socket (in place or a TLSSocket), while it is open. */
export function tlsSessionOf(socket: net.Socket): TlsSessionHandle | undefined {
  const h = (socket as SwappableSocket)._handle as Partial<TlsSessionHandle> | null;
  return h && typeof h.getProtocol === 'function' ? (h as TlsSessionHandle) : undefined;
}

/** A session's peer certificate as TLSSocket#getPeerCertificate() gives it, or null when none. */
export function peerCertificateOf(h: TlsSessionHandle | undefined): tls.PeerCertificate | null {
  const c = h?.getPeerCertificate(false);
  return c && Object.keys(c).length > 0 ? c : null;
}
