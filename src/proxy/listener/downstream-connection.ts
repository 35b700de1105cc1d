/**
 * One accepted downstream connection: addresses (as Envoy prints them), what the listener filters
 * learned (SNI, ALPN offered, transport protocol), the TLS socket once terminated with lazy peer
 * certificate facts, and a drain hook its network filter installs for graceful shutdown.
 */
import { createHash } from 'node:crypto';
import type net from 'node:net';
import type tls from 'node:tls';
import { formatAddress, isInternalAddress, normalizeIp } from '../common/ip.ts';
import { peerCertificateOf, tlsSessionOf, type TlsSessionHandle } from '../tls/in-place-tls.ts';
import type { ConnectionInfo } from '../access-log/stream-info.ts';

let nextId = 1;

function uriSans(altNames: string | undefined): string {
  if (!altNames) return '';
  return altNames
    .split(/,\s*/)
    .filter((s) => s.startsWith('URI:'))
    .map((s) => s.slice(4))
    .join(',');
}

export class DownstreamConnection implements ConnectionInfo {
  readonly id = nextId++;
  readonly localIp: string;
  readonly remoteIp: string;
  readonly localPort: number;
  readonly remotePort: number;
  readonly localAddressText: string;
  readonly remoteAddressText: string;
  /** The transport carrying application bytes: the TCP socket, or the TLS socket after termination. */
  socket: net.Socket;
  sni = '';
  offeredAlpn: string[] = [];
  transportProtocol: 'tls' | 'raw_buffer' = 'raw_buffer';
  /** What the HTTP inspector saw on plaintext: `http/1.1`, `http/1.0`, `h2c`, or ''. */
  detectedHttp = '';
  tlsTerminated = false;
  /** The client's certificate chained to the trusted CA (set at TLS termination). */
  peerAuthorized = false;
  /** The negotiated ALPN protocol after TLS termination ('' when none). */
  alpn = '';
  /** HTTP streams in flight on this connection. */
  activeStreams = 0;
  draining = false;
  /** Set by the owning network filter: close gracefully (after in-flight requests). */
  drainHandler: (() => void) | undefined;
  private peer: tls.PeerCertificate | null | undefined;
  private internalPeer: boolean | undefined;

  constructor(readonly raw: net.Socket, readonly listenerName: string, readonly listenerPort: number) {
    this.socket = raw;
    this.localIp = normalizeIp(raw.localAddress);
    this.remoteIp = normalizeIp(raw.remoteAddress);
    this.localPort = raw.localPort ?? 0;
    this.remotePort = raw.remotePort ?? 0;
    this.localAddressText = formatAddress(this.localIp, this.localPort);
    this.remoteAddressText = formatAddress(this.remoteIp, this.remotePort);
  }

  /** Whether the peer address is internal (Envoy's notion: loopback, RFC 1918, unique-local); computed once. */
  get remoteInternal(): boolean {
    if (this.internalPeer === undefined) this.internalPeer = isInternalAddress(this.remoteIp);
    return this.internalPeer;
  }

  /** Asks the connection to finish its in-flight work and close. */
  drain(): void {
    if (this.draining) return;
    this.draining = true;
    if (this.drainHandler) this.drainHandler();
    else this.socket.end();
  }

  get closed(): boolean {
    return this.raw.destroyed;
  }

  private session(): TlsSessionHandle | undefined {
    return this.tlsTerminated ? tlsSessionOf(this.socket) : undefined;
  }

  private peerCert(): tls.PeerCertificate | null {
    if (this.peer === undefined) {
      const session = this.session();
      // Not known yet once the socket is gone: ask again next time rather than remember "none".
      if (!session) return null;
      this.peer = peerCertificateOf(session);
    }
    return this.peer;
  }

  tlsVersion(): string {
    return this.session()?.getProtocol() ?? '';
  }
  tlsCipher(): string {
    return this.session()?.getCipher()?.standardName ?? '';
  }
  peerUriSan(): string {
    return uriSans(this.peerCert()?.subjectaltname);
  }
  localUriSan(): string {
    const c = this.session()?.getCertificate();
    return uriSans(c && 'subjectaltname' in c ? c.subjectaltname : undefined);
  }
  peerSubject(): string {
    const s = this.peerCert()?.subject;
    return s ? Object.entries(s).map(([k, v]) => `${k}=${v}`).join(',') : '';
  }
  peerIssuer(): string {
    const s = this.peerCert()?.issuer;
    return s ? Object.entries(s).map(([k, v]) => `${k}=${v}`).join(',') : '';
  }
  peerFingerprint256(): string {
    const raw = this.peerCert()?.raw;
    return raw ? createHash('sha256').update(raw).digest('hex') : '';
  }
  peerSerial(): string {
    return this.peerCert()?.serialNumber ?? '';
  }
  peerCertificatePresented(): boolean {
    return this.peerCert() !== null;
  }
  peerCertificateValidated(): boolean {
    return this.peerCert() !== null && this.peerAuthorized;
  }
}
