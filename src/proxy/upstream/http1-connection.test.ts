/**
 * Http1Connection reuse after a paused exchange: the router pauses reading an upstream connection
 * when the downstream cannot take more bytes, and the whole response may already be in that read,
 * so the exchange completes and the connection goes back to its pool while paused. Reused, it must
 * read its next response (it used to hang forever: route timeouts are off by default, as in Istio).
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type net from 'node:net';
import { test } from 'node:test';
import { Host } from './host.ts';
import { Http1Connection, type Http1Owner } from './http1-connection.ts';
import type { PoolCallbacks, UpstreamRequestHead } from './upstream-stream.ts';

const head = (path: string): UpstreamRequestHead => ({ method: 'GET', path, authority: 'a', scheme: 'http', headers: {}, contentLength: 0 });

/** A response handler that records what arrives; `pause` pauses the connection on the headers. */
function exchange(conn: () => Http1Connection, pause: boolean): { cb: PoolCallbacks; done: Promise<string> } {
  let body = '';
  let resolve!: (b: string) => void;
  let reject!: (e: Error) => void;
  const done = new Promise<string>((res, rej) => ((resolve = res), (reject = rej)));
  const cb: PoolCallbacks = {
    onPoolReady: () => undefined,
    onPoolFailure: (reason) => reject(new Error(reason)),
    onUpstreamHeaders: () => {
      if (pause) conn().pauseResponse();
    },
    onUpstreamData: (chunk) => (body += chunk.toString()),
    onUpstreamEnd: () => resolve(body),
    onUpstreamReset: (reason) => reject(new Error(reason)),
  };
  return { cb, done };
}

test('a connection released while paused reads the response of its next request', async () => {
  const server = http.createServer((req, res) => res.end(`answer to ${req.url}`));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  let released!: () => void;
  const wasReleased = new Promise<void>((r) => (released = r));
  let connected!: () => void;
  const isConnected = new Promise<void>((r) => (connected = r));
  const owner: Http1Owner = { connectTimeoutMs: 1000, keepaliveMs: 0, onConnected: () => connected(), onConnectFailed: () => undefined, release: () => released(), remove: () => undefined };
  const host = new Host({ address: '127.0.0.1', port, hostname: '', weight: 1, priority: 0, locality: '', localityWeight: 0, healthy: true, metadata: undefined });
  const c = new Http1Connection(owner, host);
  try {
    await isConnected;
    const first = exchange(() => c, true);
    c.attach(first.cb);
    c.sendHeaders(head('/first'), true);
    assert.equal(await first.done, 'answer to /first');
    await wasReleased;
    const second = exchange(() => c, false);
    c.attach(second.cb);
    c.sendHeaders(head('/second'), true);
    const timeout = new Promise<string>((_, rej) => setTimeout(() => rej(new Error('the reused connection never read its response')), 2000).unref());
    assert.equal(await Promise.race([second.done, timeout]), 'answer to /second');
  } finally {
    c.close();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
});
