/**
 * A bound listener socket and its connections. Each accepted connection goes through the listener
 * filters (TLS inspector: SNI, ALPN, tls vs raw_buffer; HTTP inspector), filter chain selection,
 * TLS termination when the chain has a transport socket (client certificates checked for MUTUAL
 * and OPTIONAL_MUTUAL), then the chain's network filters. The chains can be swapped in place;
 * connections on chains that changed are drained.
 */
import net from 'node:net';
import tls from 'node:tls';
import { parseClientHello, sniffHttp } from '../tls/client-hello.ts';
import { inPlaceTlsEnabled, peerCertificateOf, startInPlaceTls, tlsSessionOf, type TlsSessionHandle } from '../tls/in-place-tls.ts';
import type { ProxyServices } from '../services.ts';
import type { Counter } from '../stats/stats-store.ts';
import { DownstreamConnection } from './downstream-connection.ts';
import type { FilterChainConfig } from './filter-chain.ts';
import type { ListenerConfig } from './listener-config.ts';
import { NEED_MORE, peek } from './peek.ts';

const HANDSHAKE_TIMEOUT_MS = 10_000;

interface ListenerStats {
  cxTotal: Counter;
  cxActive: Counter;
  noChain: Counter;
  tlsError: Counter;
}

export class ActiveListener {
  private server: net.Server | undefined;
  readonly connections = new Map<DownstreamConnection, FilterChainConfig>();
  private readonly stats: ListenerStats;
  boundPort = 0;
  draining = false;

  constructor(public config: ListenerConfig, private readonly services: ProxyServices) {
    const prefix = `listener.${config.bindAddress}_${config.port}.`;
    const st = services.stats;
    this.stats = {
      cxTotal: st.counter(prefix + 'downstream_cx_total'),
      cxActive: st.gauge(prefix + 'downstream_cx_active'),
      noChain: st.counter(prefix + 'no_filter_chain_match'),
      tlsError: st.counter(prefix + 'ssl.connection_error'),
    };
  }

  /** Binds the socket; rejects with the OS error (e.g. EADDRINUSE). */
  bind(): Promise<void> {
    if (!this.config.bindToPort) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const server = net.createServer({ noDelay: true, allowHalfOpen: true }, (s) => this.onConnection(s));
      server.once('error', reject);
      server.listen({ host: this.config.bindAddress, port: this.config.bindPort, backlog: 1024 }, () => {
        server.removeListener('error', reject);
        server.on('error', (e) => this.services.options.log(`listener ${this.config.name}: ${e.message}`));
        this.server = server;
        this.boundPort = (server.address() as net.AddressInfo).port;
        resolve();
      });
    });
  }

  /** Installs a new configuration for the same socket; connections on changed chains drain. */
  update(config: ListenerConfig): void {
    this.config = config;
    const keys = new Set(config.chains.chains.map((c) => c.key));
    if (config.chains.defaultChain) keys.add(config.chains.defaultChain.key);
    for (const [conn, chain] of this.connections) if (!keys.has(chain.key)) conn.drain();
  }

  private onConnection(raw: net.Socket): void {
    raw.on('error', () => {});
    if (this.draining) {
      raw.destroy();
      return;
    }
    const cfg = this.config;
    const conn = new DownstreamConnection(raw, cfg.name, cfg.port);
    this.stats.cxTotal.value++;
    this.stats.cxActive.value++;
    raw.once('close', () => {
      this.stats.cxActive.value--;
      this.connections.delete(conn);
    });
    const mgr = cfg.chains;
    if (!mgr.needsTlsInspection && !mgr.needsHttpInspection) {
      this.dispatch(conn);
      return;
    }
    peek(raw, (buf) => this.inspect(conn, buf), cfg.inspectTimeoutMs, (ok) => {
      if (raw.destroyed) return;
      if (ok === false || (ok === undefined && !cfg.continueOnTimeout && !raw.readableEnded)) {
        raw.destroy();
        return;
      }
      this.dispatch(conn);
    });
  }

  /** Listener filters on the first bytes: true when done, false to reject, NEED_MORE to wait. */
  private inspect(conn: DownstreamConnection, buf: Buffer): boolean | typeof NEED_MORE {
    const mgr = this.config.chains;
    if (mgr.needsTlsInspection) {
      const hello = parseClientHello(buf);
      if (hello.kind === 'need-more') return NEED_MORE;
      if (hello.kind === 'malformed') return false;
      if (hello.kind === 'tls') {
        conn.transportProtocol = 'tls';
        conn.sni = hello.serverName;
        conn.offeredAlpn = hello.alpn;
        return true;
      }
    }
    if (mgr.needsHttpInspection) {
      const h = sniffHttp(buf);
      if (h === 'need-more') return NEED_MORE;
      conn.detectedHttp = h;
    }
    return true;
  }

  private dispatch(conn: DownstreamConnection): void {
    const chain = this.config.chains.select(conn);
    if (!chain) {
      this.stats.noChain.value++;
      conn.raw.destroy();
      return;
    }
    this.connections.set(conn, chain);
    if (chain.tls) this.terminateTls(conn, chain);
    else this.runFilters(conn, chain);
  }

  /**
   * TLS termination: in place on the accepted socket (tls/in-place-tls.ts), or with a TLSSocket
   * where this Node lacks what in-place termination needs.
   */
  private terminateTls(conn: DownstreamConnection, chain: FilterChainConfig): void {
    const t = chain.tls!;
    if (t.requireSni && conn.sni === '') {
      conn.raw.destroy();
      return;
    }
    if (inPlaceTlsEnabled()) {
      const raw = conn.raw;
      const timer = setTimeout(() => raw.destroy(), HANDSHAKE_TIMEOUT_MS);
      const started = startInPlaceTls(raw, { secureContext: t.secureContext, requestCert: t.requestCert, rejectUnauthorized: t.requireClientCertificate && t.verifyPresented, alpnWire: t.alpnWire }, {
        secure: (session) => {
          clearTimeout(timer);
          this.secured(conn, chain, raw, session);
        },
        failed: () => {
          clearTimeout(timer);
          this.stats.tlsError.value++;
        },
      });
      if (started) return;
      clearTimeout(timer);
    }
    const socket = new tls.TLSSocket(conn.raw, {
      isServer: true,
      secureContext: t.secureContext,
      requestCert: t.requestCert,
      rejectUnauthorized: t.requireClientCertificate && t.verifyPresented,
      ALPNProtocols: t.alpn,
    });
    const timer = setTimeout(() => socket.destroy(), HANDSHAKE_TIMEOUT_MS);
    socket.on('error', () => {
      clearTimeout(timer);
      this.stats.tlsError.value++;
      socket.destroy();
    });
    socket.once('secure', () => {
      clearTimeout(timer);
      // A server-side TLSSocket made without a tls.Server never clears this flag itself, and the
      // HTTP/2 session would wait for a 'secureConnect' that never comes.
      (socket as tls.TLSSocket & { secureConnecting: boolean }).secureConnecting = false;
      const session = tlsSessionOf(socket);
      if (session) this.secured(conn, chain, socket, session);
      else socket.destroy();
    });
  }

  /** After the handshake: the client certificate checks, then the chain's network filters. */
  private secured(conn: DownstreamConnection, chain: FilterChainConfig, socket: net.Socket, session: TlsSessionHandle): void {
    const t = chain.tls!;
    const peer = peerCertificateOf(session);
    // Without a tls.Server nobody checks the chain after the handshake: do it here.
    const authorized = peer !== null && t.requestCert && !session.verifyError();
    const refused =
      (t.requireClientCertificate && peer === null) ||
      (peer !== null && t.verifyPresented && !authorized) ||
      (peer !== null && t.verifier !== undefined && t.verifier(peer) !== undefined);
    if (refused) {
      socket.destroy();
      return;
    }
    conn.socket = socket;
    conn.tlsTerminated = true;
    conn.peerAuthorized = authorized;
    conn.transportProtocol = 'tls';
    // Both paths put these on the socket at the end of the handshake (a TLSSocket as Node does).
    const negotiated = socket as net.Socket & { alpnProtocol?: string | false | null; servername?: string | false | null };
    conn.alpn = negotiated.alpnProtocol || '';
    if (conn.sni === '') conn.sni = negotiated.servername || '';
    this.runFilters(conn, chain);
  }

  private runFilters(conn: DownstreamConnection, chain: FilterChainConfig): void {
    for (const f of chain.filters) {
      try {
        if (f.onNewConnection(conn) === 'stop') return;
      } catch (e) {
        this.services.options.log(`listener ${this.config.name}: network filter failed: ${(e as Error).message}`);
        conn.raw.destroy();
        return;
      }
    }
  }

  /** Stops accepting; drains connections, and closes what is left after `drainMs`. */
  drainAndClose(drainMs: number): Promise<void> {
    this.draining = true;
    this.server?.close();
    for (const conn of this.connections.keys()) conn.drain();
    return new Promise((resolve) => {
      const deadline = Date.now() + drainMs;
      const tick = (): void => {
        if (this.connections.size === 0 || Date.now() >= deadline) {
          for (const conn of this.connections.keys()) conn.raw.destroy();
          resolve();
          return;
        }
        setTimeout(tick, 25).unref();
      };
      tick();
    });
  }

  /** Stops accepting without touching existing connections (used when a bind is rolled back). */
  closeSocket(): void {
    this.server?.close();
    this.server = undefined;
  }
}
