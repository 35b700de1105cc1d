/**
 * One real request through a started peer before it is measured: the target route must answer 200
 * with the origin's 1 KB body, over the same protocol the load generator will use (HTTP/1.1,
 * HTTPS, or h2c). A peer that routes wrongly is reported, not measured. For HTTPS, `probeTls` also
 * records what the peer negotiates (protocol version, cipher) and whether it resumes a session from
 * its own ticket, so a table can show that every peer did the same TLS work.
 */
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import tls from 'node:tls';

export interface CheckResult {
  status: number;
  bytes: number;
}

export function checkRoute(url: string, host: string, protocol: 'h1' | 'h2', timeoutMs = 10_000): Promise<CheckResult> {
  return protocol === 'h2' ? checkH2(url, host, timeoutMs) : checkH1(url, host, timeoutMs);
}

function checkH1(url: string, host: string, timeoutMs: number): Promise<CheckResult> {
  const mod = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(url, { headers: { host }, rejectUnauthorized: false, agent: false, timeout: timeoutMs }, (res) => {
      let bytes = 0;
      res.on('data', (b: Buffer) => (bytes += b.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

function checkH2(url: string, host: string, timeoutMs: number): Promise<CheckResult> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const session = http2.connect(u.origin);
    const timer = setTimeout(() => session.destroy(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
    session.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    const stream = session.request({ ':path': u.pathname + u.search, ':authority': host });
    let status = 0;
    let bytes = 0;
    stream.on('response', (h) => (status = Number(h[':status'])));
    stream.on('data', (b: Buffer) => (bytes += b.length));
    stream.on('end', () => {
      clearTimeout(timer);
      session.close();
      resolve({ status, bytes });
    });
    stream.on('error', (e) => {
      clearTimeout(timer);
      session.destroy();
      reject(e);
    });
    stream.end();
  });
}

export interface TlsProbe {
  /** `TLSv1.3`, `TLSv1.2`, ... as the client saw it. */
  protocol: string;
  /** OpenSSL's name of the negotiated cipher suite. */
  cipher: string;
  /** A second connection offering the first one's session (ticket) was resumed. */
  resumes: boolean;
}

interface TlsExchange {
  protocol: string;
  cipher: string;
  reused: boolean;
  session?: Buffer;
}

/** One HTTP/1.1 request with `Connection: close` over a fresh TLS connection, offering `session`. */
function tlsExchange(u: URL, host: string, session: Buffer | undefined, timeoutMs: number): Promise<TlsExchange> {
  return new Promise((resolve, reject) => {
    let last: Buffer | undefined;
    const seen: TlsExchange = { protocol: '', cipher: '', reused: false };
    const socket = tls.connect({ host: u.hostname, port: Number(u.port), rejectUnauthorized: false, session, ALPNProtocols: ['http/1.1'] }, () => {
      // Read now: once the socket has closed, these are gone.
      seen.protocol = socket.getProtocol() ?? '';
      seen.cipher = socket.getCipher()?.name ?? '';
      seen.reused = socket.isSessionReused();
      socket.end(`GET ${u.pathname} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    });
    const timer = setTimeout(() => socket.destroy(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
    socket.on('session', (s: Buffer) => (last = s));
    socket.on('data', () => {});
    socket.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ ...seen, session: last });
    });
  });
}

/** What a peer negotiates over HTTPS, and whether it resumes its own sessions (see TlsProbe). */
export async function probeTls(url: string, host: string, timeoutMs = 10_000): Promise<TlsProbe> {
  const u = new URL(url);
  const first = await tlsExchange(u, host, undefined, timeoutMs);
  const second = first.session ? await tlsExchange(u, host, first.session, timeoutMs) : undefined;
  return { protocol: first.protocol, cipher: first.cipher, resumes: second?.reused ?? false };
}
