/**
 * Small real clients for proxy tests: an HTTP/1.1 request with an explicit Host header (fetch
 * cannot set one), an HTTP/2 request over an existing session, a raw TCP exchange, and a
 * proxy starter that collects access log lines and cleans up.
 */
import http from 'node:http';
import type http2 from 'node:http2';
import net from 'node:net';
import type { ProxyResources } from '../../src/envoy/types.ts';
import { Proxy, type ProxyOptions } from '../../src/proxy/index.ts';

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function request(port: number, opts: { host?: string; path?: string; method?: string; headers?: Record<string, string>; body?: string | Buffer; agent?: http.Agent | false; timeoutMs?: number } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: opts.path ?? '/', method: opts.method ?? 'GET', headers: { ...(opts.host ? { host: opts.host } : {}), ...opts.headers }, agent: opts.agent ?? false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (opts.timeoutMs) req.setTimeout(opts.timeoutMs, () => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)));
    req.end(opts.body);
  });
}

export function h2request(session: http2.ClientHttp2Session, headers: http2.OutgoingHttpHeaders, body?: string): Promise<{ headers: http2.IncomingHttpHeaders; body: string; trailers: http2.IncomingHttpHeaders | undefined }> {
  return new Promise((resolve, reject) => {
    const s = session.request(headers, { endStream: body === undefined });
    let h: http2.IncomingHttpHeaders = {};
    let trailers: http2.IncomingHttpHeaders | undefined;
    const chunks: Buffer[] = [];
    s.on('response', (x) => (h = x));
    s.on('trailers', (t) => (trailers = t));
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('end', () => resolve({ headers: h, body: Buffer.concat(chunks).toString(), trailers }));
    s.on('error', reject);
    if (body !== undefined) s.end(body);
  });
}

/** Sends raw bytes, returns everything received until the peer closes (or `untilMs`). */
export function rawExchange(port: number, data: string | Buffer, untilMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(data));
    let out = '';
    const t = setTimeout(() => s.destroy(), untilMs);
    s.on('data', (d) => (out += d.toString('latin1')));
    s.on('close', () => {
      clearTimeout(t);
      resolve(out);
    });
    s.on('error', reject);
  });
}

export interface TestProxy {
  proxy: Proxy;
  logs: string[];
  port(listener?: string): number;
  stop(): Promise<void>;
}

/** Starts a proxy on 127.0.0.1 with ephemeral admin/stats/readiness ports and applies `resources`. */
export async function startProxy(resources: ProxyResources, opts: ProxyOptions = {}): Promise<TestProxy> {
  const logs: string[] = [];
  const proxy = new Proxy({ bindAddress: '127.0.0.1', adminPort: 0, statsPort: 0, readinessPort: 0, accessLog: (l) => logs.push(l), log: () => {}, ...opts });
  const r = await proxy.apply(resources);
  if (!r.accepted) {
    await proxy.stop({ drainMs: 0 });
    throw new Error(`bundle rejected:\n${r.errors.join('\n')}`);
  }
  return {
    proxy,
    logs,
    port: (name = 'http') => {
      const p = proxy.listenerPort(name);
      if (p === undefined) throw new Error(`no listener ${name}`);
      return p;
    },
    stop: () => proxy.stop({ drainMs: 100 }),
  };
}

/** Waits until `cond()` holds (polling), for log lines written asynchronously. */
export async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
