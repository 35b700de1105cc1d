/**
 * An upgraded HTTP/1.1 request (WebSocket) relayed to one upstream host: the request head goes
 * up on a dedicated connection; a `101` answer is relayed and the two sockets are then piped both
 * ways until either side closes; any other answer is relayed as a normal response. The stream is
 * logged when the tunnel closes, with the bytes each way.
 */
import type net from 'node:net';
import { FLAG } from '../access-log/response-flags.ts';
import { monotonicMs } from '../common/clock.ts';
import type { ActiveStream } from './active-stream.ts';
import { connectHost, transportFailureReason } from '../upstream/connect.ts';
import { BODY, ResponseParser, SKIP_BODY, UPGRADE, type ResponseHandler } from '../upstream/llhttp.ts';
import type { UpstreamRequestHead } from '../upstream/upstream-stream.ts';

const CRLF = '\r\n';

class Tunnel implements ResponseHandler {
  private readonly parser = new ResponseParser(this);
  private upgraded = false;
  private start = 0;

  constructor(private readonly s: ActiveStream, private readonly up: net.Socket, private readonly down: net.Socket) {}

  sendHead(head: UpstreamRequestHead, early: Buffer): void {
    this.start = monotonicMs();
    let text = `${head.method} ${head.path} HTTP/1.1${CRLF}host: ${head.authority}${CRLF}`;
    for (const [k, v] of Object.entries(head.headers)) {
      if (v === undefined || k === 'host' || k === 'transfer-encoding' || k === 'keep-alive') continue;
      for (const x of Array.isArray(v) ? v : [v]) text += `${k}: ${x}${CRLF}`;
    }
    this.up.write(text + CRLF, 'latin1');
    if (early.length > 0) this.up.write(early);
    this.up.on('data', (d: Buffer) => this.onUpstreamData(d));
    this.up.on('end', () => this.parser.finish());
    this.up.on('close', () => this.close());
    this.down.on('close', () => this.close());
    this.down.on('error', () => {});
  }

  private onUpstreamData(d: Buffer): void {
    const r = this.parser.execute(d);
    if (typeof r !== 'number') {
      this.s.sendLocalReply(503, 'upstream protocol error', 'upstream_reset_before_response_started{protocol_error}', FLAG.UPE);
      this.up.destroy();
      return;
    }
    if (this.upgraded) {
      this.up.removeAllListeners('data');
      const rest = d.subarray(r);
      if (rest.length > 0) {
        this.s.bytesSent += rest.length;
        this.down.write(rest);
      }
      this.pipe();
    }
  }

  onResponseHeaders(status: number, raw: string[], _keepAlive: boolean, upgrade: boolean): number {
    this.s.upstreamServiceTimeMs = Math.round(monotonicMs() - this.start);
    if (status === 101 && upgrade) {
      this.upgraded = true;
      this.s.responseCode = 101;
      this.s.responseCodeDetails = 'via_upstream';
      this.s.responseStarted = true;
      let text = `HTTP/1.1 101 Switching Protocols${CRLF}`;
      const flat: string[] = [];
      for (let i = 0; i < raw.length; i += 2) {
        const k = raw[i].toLowerCase();
        if (k === 'server' || k === 'date') continue;
        flat.push(k, raw[i + 1]);
        text += `${k}: ${raw[i + 1]}${CRLF}`;
      }
      text += `server: ${this.s.hcm.serverName}${CRLF}`;
      this.s.responseHeaders = flat;
      this.down.write(text + CRLF, 'latin1');
      return UPGRADE;
    }
    if (status < 200) return SKIP_BODY;
    const flat: string[] = [];
    for (let i = 0; i < raw.length; i += 2) {
      const k = raw[i].toLowerCase();
      if (k !== 'connection' && k !== 'keep-alive' && k !== 'transfer-encoding' && k !== 'upgrade') flat.push(k, raw[i + 1]);
    }
    this.s.responseCodeDetails = 'via_upstream';
    this.s.encodeHeaders(status, flat, false, true);
    return this.s.method === 'HEAD' ? SKIP_BODY : BODY;
  }

  onResponseBody(chunk: Buffer): void {
    this.s.writeBody(chunk);
  }

  onResponseComplete(): void {
    if (!this.upgraded) {
      this.s.endResponse(undefined);
      this.up.destroy();
    }
  }

  private pipe(): void {
    this.up.on('data', (d: Buffer) => {
      this.s.bytesSent += d.length;
      if (!this.down.write(d)) this.up.pause();
    });
    this.down.on('drain', () => this.up.resume());
    this.down.on('data', (d: Buffer) => {
      this.s.bytesReceived += d.length;
      if (!this.up.write(d)) this.down.pause();
    });
    this.up.on('drain', () => this.down.resume());
    this.up.on('end', () => this.down.end());
    this.down.on('end', () => this.up.end());
    this.down.resume();
  }

  private close(): void {
    if (this.upgraded) this.s.markFinished();
    this.parser.close();
    if (!this.up.destroyed) this.up.destroy();
    if (!this.down.destroyed) this.down.destroy();
  }
}

/** Tunnels `s` (an upgrade request whose route and cluster are known) to one upstream host. */
export function startTunnel(s: ActiveStream, head: UpstreamRequestHead): void {
  const u = s.upgrade!;
  const route = s.route!;
  const enabled = route.upgrades.get(u.type) ?? s.hcm.upgrades.get(u.type) ?? false;
  if (!enabled) {
    s.sendLocalReply(403, '', 'upgrade_failed');
    return;
  }
  const cluster = s.cluster!;
  const host = cluster.chooseHost(undefined);
  if (!host) {
    s.sendLocalReply(503, 'no healthy upstream', 'no_healthy_upstream', FLAG.UH);
    return;
  }
  s.host = host;
  s.upstreamHost = host.addressText;
  s.attemptCount = 1;
  cluster.stats.upstream_rq_total++;
  const up = connectHost(host, cluster.spec.connectTimeoutMs, ['http/1.1'], (err) => {
    if (err) {
      cluster.stats.upstream_cx_connect_fail++;
      s.upstreamTransportFailureReason = transportFailureReason(err);
      s.sendLocalReply(503, `upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: ${s.upstreamTransportFailureReason}`, 'upstream_reset_before_response_started{connection_failure}', FLAG.UF);
      return;
    }
    if (u.socket.destroyed) {
      up.destroy();
      return;
    }
    s.upstreamLocalAddress = `${up.localAddress}:${up.localPort}`;
    head.headers.connection = 'upgrade';
    head.headers.upgrade = s.headers.upgrade;
    new Tunnel(s, up, u.socket).sendHead(head, u.head);
  });
  up.on('error', () => {});
}
