/**
 * Sextant's downstream HTTP/1.1 codec over real sockets, without the rest of the proxy: keep-alive
 * and `connection: close`, HTTP/1.0, chunked bodies both ways, Expect: 100-continue, 431/400/408,
 * the idle timeout, max requests per connection, pipelining in order, backpressure both ways, a
 * client abort, HEAD, upgrades handed over with their socket, CONNECT, and header validation.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, test } from 'node:test';
import { DownstreamConnection } from '../../listener/downstream-connection.ts';
import type { DownstreamStreamCallbacks } from './downstream.ts';
import { Http1ServerConnection, type Http1CodecOptions } from './http1-server-connection.ts';
import type { Http1ServerStream } from './http1-server-stream.ts';

const DEFAULTS: Http1CodecOptions = { maxRequestHeadersBytes: 8192, maxHeadersCount: 100, requestHeadersTimeoutMs: 0, idleTimeoutMs: 60_000, maxRequestsPerConnection: 0 };
const servers: net.Server[] = [];

after(() => {
  for (const s of servers) s.close();
});

/** What a stream's owner saw. */
class Recorder implements DownstreamStreamCallbacks {
  body: Buffer[] = [];
  ended = false;
  drains = 0;
  closed: boolean | undefined;
  onEnd: (() => void) | undefined;
  onClose: (() => void) | undefined;
  onRequestData(chunk: Buffer): void {
    this.body.push(chunk);
  }
  onRequestEnd(): void {
    this.ended = true;
    this.onEnd?.();
  }
  onResponseDrain(): void {
    this.drains++;
  }
  onDownstreamClose(completed: boolean): void {
    this.closed = completed;
    this.onClose?.();
  }
}

type Handler = (s: Http1ServerStream, r: Recorder) => void;

async function serve(handler: Handler, opts: Partial<Http1CodecOptions> = {}): Promise<number> {
  const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (raw) => {
    raw.on('error', () => {});
    const conn = new DownstreamConnection(raw, 'test', 0);
    new Http1ServerConnection(conn, { ...DEFAULTS, ...opts }, (_c, s) => {
      const r = new Recorder();
      s.bind(r);
      handler(s, r);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return (server.address() as net.AddressInfo).port;
}

/** Raw bytes in, everything received until the server closes (or `ms`) out. */
function exchange(port: number, data: string | Buffer, ms = 2000): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(data));
    let text = '';
    let closed = false;
    const t = setTimeout(() => s.destroy(), ms);
    s.on('data', (d) => (text += d.toString('latin1')));
    s.on('end', () => (closed = true));
    s.on('close', () => {
      clearTimeout(t);
      resolve({ text, closed });
    });
    s.on('error', reject);
  });
}

const ok: Handler = (s) => s.end(Buffer.from(`${s.method} ${s.path}`), undefined);
const answer = (s: Http1ServerStream, status: number, body: string): void => {
  s.writeHead(status, ['content-type', 'text/plain', 'content-length', String(Buffer.byteLength(body))], false);
  s.end(Buffer.from(body), undefined);
};

test('keep-alive: two requests on one connection, no connection header; connection: close ends it', async () => {
  const port = await serve((s) => answer(s, 200, `hello ${s.path}`));
  const r = await exchange(port, 'GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  const parts = r.text.split('HTTP/1.1 200 OK\r\n');
  assert.equal(parts.length, 3);
  assert.doesNotMatch(parts[1], /connection:/i);
  assert.match(parts[1], /content-length: 8\r\n\r\nhello \/a$/);
  assert.match(parts[2], /content-length: 8\r\nconnection: close\r\n\r\nhello \/b$/);
  assert.equal(r.closed, true);
});

test('HTTP/1.0: closes unless keep-alive was asked; unknown lengths are close-delimited', async () => {
  const port = await serve((s) => {
    assert.equal(s.protocol, 'HTTP/1.0');
    s.writeHead(200, [], false);
    s.end(Buffer.from('ten bytes!'), undefined);
  });
  const plain = await exchange(port, 'GET / HTTP/1.0\r\n\r\n');
  assert.match(plain.text, /^HTTP\/1\.1 200 OK\r\nconnection: close\r\n\r\nten bytes!$/);
  const kept = await exchange(port, 'GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n', 300);
  assert.match(kept.text, /connection: close/, 'no length: the body is delimited by the close');
  const lengthPort = await serve((s) => answer(s, 200, 'abc'));
  const ka = await exchange(lengthPort, 'GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n', 300);
  assert.match(ka.text, /content-length: 3\r\nconnection: keep-alive\r\n\r\nabc$/);
  assert.equal(ka.closed, false);
});

test('chunked request bodies arrive whole, after the router starts reading; chunked responses decode', async () => {
  const port = await serve((s, r) => {
    assert.equal(s.hasBody, true);
    setTimeout(() => s.readBody(), 20);
    r.onEnd = () => {
      s.writeHead(200, [], false);
      for (const c of r.body) s.write(c);
      s.end(undefined, undefined);
    };
  });
  const body = await new Promise<string>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/', agent: false }, (res) => {
      assert.equal(res.headers['transfer-encoding'], 'chunked');
      let b = '';
      res.on('data', (d) => (b += d));
      res.on('end', () => resolve(b));
    });
    req.on('error', reject);
    req.write('hello ');
    setTimeout(() => req.end('world'), 10);
  });
  assert.equal(body, 'hello world');
});

test('Expect: 100-continue is answered before the body is sent, and not forwarded', async () => {
  let expectSeen: unknown = 'unset';
  const port = await serve((s, r) => {
    expectSeen = s.headers.expect;
    s.readBody();
    r.onEnd = () => answer(s, 200, Buffer.concat(r.body).toString());
  });
  const r = await exchange(port, 'POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi');
  assert.match(r.text, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK\r\n[^]*\r\n\r\nhi$/);
  assert.equal(expectSeen, undefined);
  const other = await exchange(port, 'GET / HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\nConnection: close\r\n\r\n');
  assert.match(other.text, /^HTTP\/1\.1 417 Expectation Failed\r\n/);
});

test('431 for an oversized head or too many headers, 400 for a malformed request, connection closed', async () => {
  const port = await serve(ok, { maxRequestHeadersBytes: 1024, maxHeadersCount: 5 });
  const big = await exchange(port, `GET / HTTP/1.1\r\nHost: x\r\nx-big: ${'a'.repeat(2000)}\r\n\r\n`);
  assert.match(big.text, /^HTTP\/1\.1 431 Request Header Fields Too Large\r\n[^]*connection: close\r\n\r\nRequest Header Fields Too Large$/);
  const many = await exchange(port, `GET / HTTP/1.1\r\n${[1, 2, 3, 4, 5, 6].map((i) => `x-${i}: v\r\n`).join('')}\r\n`);
  assert.match(many.text, /^HTTP\/1\.1 431 /);
  const bad = await exchange(port, 'GET / HTTP/1.1\r\nHost x\r\n\r\n');
  assert.match(bad.text, /^HTTP\/1\.1 400 Bad Request\r\n[^]*\r\n\r\nBad Request$/);
  assert.equal(bad.closed, true);
});

test('request headers timeout answers 408; the idle timeout closes a quiet connection', async () => {
  const port = await serve(ok, { requestHeadersTimeoutMs: 100 });
  const slow = await exchange(port, 'GET / HTTP/1.1\r\nHost: x\r\n');
  assert.match(slow.text, /^HTTP\/1\.1 408 Request Timeout\r\n/);
  assert.equal(slow.closed, true);
  const idlePort = await serve(ok, { idleTimeoutMs: 100 });
  const idle = await exchange(idlePort, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', 3000);
  assert.match(idle.text, /^HTTP\/1\.1 200 OK\r\n[^]*GET \/$/);
  assert.equal(idle.closed, true, 'closed by the idle timeout, not by the client');
});

test('maxRequestsPerConnection: the last allowed response says connection: close', async () => {
  const port = await serve(ok, { maxRequestsPerConnection: 2 });
  const r = await exchange(port, 'GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\nGET /3 HTTP/1.1\r\nHost: x\r\n\r\n');
  assert.equal([...r.text.matchAll(/HTTP\/1\.1 200/g)].length, 2);
  assert.match(r.text, /connection: close\r\n\r\n[^]*GET \/2$/);
  assert.equal(r.closed, true);
});

test('pipelined responses leave in request order even when answered out of order', async () => {
  const pending: Http1ServerStream[] = [];
  const port = await serve((s) => {
    pending.push(s);
    if (pending.length === 3) for (const p of pending.reverse()) answer(p, 200, p.path);
  });
  const r = await exchange(port, ['/1', '/2', '/3'].map((p, i) => `GET ${p} HTTP/1.1\r\nHost: x\r\n${i === 2 ? 'Connection: close\r\n' : ''}\r\n`).join(''));
  assert.deepEqual([...r.text.matchAll(/\r\n\r\n(\/\d)/g)].map((m) => m[1]), ['/1', '/2', '/3']);
});

test('backpressure: a full socket reports write() false, then drain; a client abort closes the stream uncompleted', async () => {
  let rec: Recorder | undefined;
  let sawFalse = false;
  const chunk = Buffer.alloc(1024 * 1024, 'z');
  const port = await serve((s, r) => {
    rec = r;
    s.writeHead(200, ['content-length', String(64 * chunk.length)], false);
    for (let i = 0; i < 64 && !sawFalse; i++) sawFalse = !s.write(chunk);
  });
  const sock = net.connect(port, '127.0.0.1', () => sock.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
  sock.pause();
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(sawFalse, true);
  assert.equal(rec!.drains, 0);
  sock.resume();
  await new Promise<void>((r) => sock.once('data', () => setTimeout(r, 100)));
  assert.ok(rec!.drains >= 1, 'drain reported once the client read');
  const closed = new Promise<void>((r) => (rec!.onClose = r));
  sock.destroy();
  await closed;
  assert.equal(rec!.closed, false);
});

test('HEAD: the head goes out with the given length and no body', async () => {
  const port = await serve((s) => {
    s.writeHead(200, ['content-length', '5'], false);
    s.end(Buffer.from('hello'), undefined);
  });
  const r = await exchange(port, 'HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.match(r.text, /^HTTP\/1\.1 200 OK\r\ncontent-length: 5\r\nconnection: close\r\n\r\n$/);
});

test('an Upgrade request is handed over with its socket and early bytes; h2c is served as HTTP/1.1', async () => {
  const port = await serve((s) => {
    if (s.upgrade) {
      const { socket, head } = s.upgrade;
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nupgrade: ${s.upgrade.type}\r\n\r\n${head.toString()}`);
      socket.on('data', (d) => socket.end(d));
      socket.resume();
      return;
    }
    answer(s, 200, `upgrade=${String(s.headers.upgrade)}`);
  });
  const ws = await exchange(port, 'GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\nearly');
  assert.match(ws.text, /^HTTP\/1\.1 101 Switching Protocols\r\nupgrade: websocket\r\n\r\nearly/);
  const h2c = await exchange(port, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n');
  assert.match(h2c.text, /^HTTP\/1\.1 200 OK\r\n[^]*connection: close\r\n\r\nupgrade=undefined$/);
});

test('an Upgrade after a keep-alive request (reads into the shared buffer by then) keeps its early and later bytes', async () => {
  const port = await serve((s) => {
    if (s.upgrade) {
      const { socket, head } = s.upgrade;
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nupgrade: ${s.upgrade.type}\r\n\r\n[${head.toString()}]`);
      socket.on('data', (d) => socket.write(`<${d.toString()}>`));
      socket.on('end', () => socket.end());
      socket.resume();
      return;
    }
    answer(s, 200, 'first');
  });
  const text = await new Promise<string>((resolve, reject) => {
    const c = net.connect(port, '127.0.0.1', () => c.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    let got = '';
    let step = 0;
    c.on('data', (d) => {
      got += d.toString('latin1');
      if (step === 0 && got.endsWith('first')) {
        step = 1;
        // A later read: the codec reads this one into the shared buffer.
        c.write('GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\nearly');
      } else if (step === 1 && got.endsWith('[early]')) {
        step = 2;
        c.write('late');
      } else if (step === 2 && got.endsWith('<late>')) c.end();
    });
    c.on('close', () => resolve(got));
    c.on('error', reject);
    setTimeout(() => c.destroy(), 3000);
  });
  assert.match(text, /first\r?\n?HTTP\/1\.1 101 Switching Protocols\r\nupgrade: websocket\r\n\r\n\[early\]<late>$/);
});

test('CONNECT closes the connection; a header value with CR/LF is refused, never written', async () => {
  let threw = false;
  const port = await serve((s) => {
    try {
      s.writeHead(200, ['x-evil', 'a\r\nset-cookie: b'], true);
    } catch {
      threw = true;
      s.reset();
    }
  });
  const c = await exchange(port, 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n');
  assert.equal(c.text, '');
  const r = await exchange(port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  assert.equal(threw, true);
  assert.equal(r.text, '');
});
