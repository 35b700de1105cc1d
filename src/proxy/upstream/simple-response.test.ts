/**
 * The upstream fast path: what it accepts reads exactly as llhttp reads it (status, headers with
 * lower-cased names, keep-alive, body length), what it declines goes to llhttp, and a connection
 * moves from the fast path to llhttp at a message boundary — bodies split across reads, HEAD, 204,
 * a chunked response and the simple ones after it, over a real socket.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { Host } from './host.ts';
import { Http1Connection, type Http1Owner } from './http1-connection.ts';
import { BODY, ResponseParser } from './llhttp.ts';
import { parseSimpleResponseHead } from './simple-response.ts';
import type { PoolCallbacks, UpstreamRequestHead } from './upstream-stream.ts';

interface Parsed {
  status: number;
  raw: string[];
  keepAlive: boolean;
  body: string;
}

/** llhttp's reading of a whole response. */
function viaLlhttp(text: string): Parsed {
  const out: Parsed = { status: 0, raw: [], keepAlive: false, body: '' };
  const p = new ResponseParser({
    onResponseHeaders(status, raw, keepAlive) {
      Object.assign(out, { status, raw, keepAlive });
      return BODY;
    },
    onResponseBody(chunk) {
      out.body += chunk.toString('latin1');
    },
    onResponseComplete() {},
  });
  const r = p.execute(Buffer.from(text, 'latin1'));
  p.close();
  assert.equal(typeof r, 'number', `llhttp refused ${JSON.stringify(text)}`);
  return out;
}

const ACCEPTED = [
  'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello',
  'HTTP/1.1 200 OK\r\nserver: nginx\r\ndate: Sun, 22 Nov 2026 23:55:21 GMT\r\ncontent-type: text/plain\r\ncontent-length: 3\r\nconnection: keep-alive\r\n\r\nabc',
  'HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nConnection: close\r\n\r\n',
  'HTTP/1.1 503 \r\nx-empty:\r\nx-spaces: \t  padded value \t\r\ncontent-length: 2\r\n\r\nok',
  'HTTP/1.1 200 OK\r\nset-cookie: a=1\r\nset-cookie: b=2\r\nx-obs-text: caf\xe9\xa0\r\ncontent-length: 1\r\n\r\nx',
  'HTTP/1.1 302 Found\r\nlocation: /elsewhere\r\nCONTENT-LENGTH: 0\r\n\r\n',
];

test('an accepted head reads exactly as llhttp reads it', () => {
  for (const text of ACCEPTED) {
    const d = Buffer.from(text, 'latin1');
    const head = parseSimpleResponseHead(d);
    assert.ok(head, `declined ${JSON.stringify(text)}`);
    const ref = viaLlhttp(text);
    assert.equal(head.status, ref.status, text);
    assert.deepEqual(head.headers, ref.raw.map((v, i) => (i % 2 === 0 ? v.toLowerCase() : v)), text);
    assert.equal(head.keepAlive, ref.keepAlive, text);
    assert.equal(d.toString('latin1', head.bodyStart, head.bodyStart + head.contentLength), ref.body, text);
    assert.equal(head.bodyStart + head.contentLength, d.length, text);
  }
});

test('anything else is left to llhttp', () => {
  const declined = [
    'HTTP/1.1 200 OK\r\ncontent-length: 5\r\n', // head not complete in this read
    'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n',
    'HTTP/1.1 200 OK\r\n\r\nclose-delimited',
    'HTTP/1.0 200 OK\r\ncontent-length: 0\r\n\r\n',
    'HTTP/1.1 100 Continue\r\n\r\n',
    'HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: upgrade\r\n\r\n',
    'HTTP/1.1 200 OK\r\nconnection: keep-alive, upgrade\r\ncontent-length: 0\r\n\r\n',
    'HTTP/1.1 200 OK\r\ncontent-length: 1\r\ncontent-length: 1\r\n\r\nx',
    'HTTP/1.1 200 OK\r\ncontent-length: +1\r\n\r\nx',
    'HTTP/1.1 200 OK\r\nx-fold: a\r\n b\r\ncontent-length: 0\r\n\r\n',
    'HTTP/1.1 200 OK\r\nbad name: x\r\ncontent-length: 0\r\n\r\n',
    'HTTP/1.1 200 OK\r\nx-ctl: a\x01b\r\ncontent-length: 0\r\n\r\n',
    'HTTP/1.1 200 OK\r\nx-bare-lf: a\nb: c\r\ncontent-length: 0\r\n\r\n',
    'HTTP/1.1 2000 OK\r\ncontent-length: 0\r\n\r\n',
    'HTTP/1.1 20x OK\r\ncontent-length: 0\r\n\r\n',
    'HTTP/1.1  200 OK\r\ncontent-length: 0\r\n\r\n',
    'HTTP/1.1 200 OK\r\nno-colon\r\ncontent-length: 0\r\n\r\n',
  ];
  for (const text of declined) assert.equal(parseSimpleResponseHead(Buffer.from(text, 'latin1')), null, JSON.stringify(text));
  const big = `HTTP/1.1 200 OK\r\nx-big: ${'a'.repeat(17_000)}\r\ncontent-length: 0\r\n\r\n`;
  assert.equal(parseSimpleResponseHead(Buffer.from(big)), null);
  assert.equal(parseSimpleResponseHead(Buffer.from('HTTP/1.1 200 OK\r\ncontent-length: 0\r\nx: aaaa\r\n\r\n'), 40), null);
});

/** An upstream that answers each request line with the next scripted response, in pieces. */
async function scriptedUpstream(script: Map<string, string[]>): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    let buf = '';
    s.on('data', async (d) => {
      buf += d.toString('latin1');
      let end: number;
      while ((end = buf.indexOf('\r\n\r\n')) >= 0) {
        const path = buf.slice(0, end).split(' ')[1];
        buf = buf.slice(end + 4);
        for (const piece of script.get(path) ?? []) {
          s.write(piece, 'latin1');
          await new Promise((r) => setTimeout(r, 15));
        }
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** An upstream connection to 127.0.0.1:`port`, once connected. */
async function connectTo(port: number): Promise<Http1Connection> {
  let connected!: () => void;
  const ready = new Promise<void>((r) => (connected = r));
  const owner: Http1Owner = { connectTimeoutMs: 1000, keepaliveMs: 0, onConnected: () => connected(), onConnectFailed: () => undefined, release: () => undefined, remove: () => undefined };
  const host = new Host({ address: '127.0.0.1', port, hostname: '', weight: 1, priority: 0, locality: '', localityWeight: 0, healthy: true, metadata: undefined });
  const c = new Http1Connection(owner, host);
  await ready;
  return c;
}

function request(c: Http1Connection, method: string, path: string): Promise<{ status: number; headers: string[]; body: string }> {
  return new Promise((resolve, reject) => {
    let status = 0;
    let headers: string[] = [];
    let body = '';
    const cb: PoolCallbacks = {
      onPoolReady: () => undefined,
      onPoolFailure: (reason) => reject(new Error(reason)),
      onUpstreamHeaders: (s, h) => ((status = s), (headers = h)),
      onUpstreamData: (chunk) => (body += chunk.toString('latin1')),
      onUpstreamEnd: () => resolve({ status, headers, body }),
      onUpstreamReset: (reason, details) => reject(new Error(`${reason} ${details}`)),
    };
    c.attach(cb);
    const head: UpstreamRequestHead = { method, path, authority: 'a', scheme: 'http', headers: {}, contentLength: 0 };
    c.sendHeaders(head, true);
  });
}

test('one connection: a split body, HEAD and 204 on the fast path, then a split head, a chunked response and llhttp from there on', async () => {
  const script = new Map<string, string[]>([
    ['/split', ['HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nhel', 'lo wo', 'rld']],
    ['/split-head', ['HTTP/1.1 200 OK\r\nContent-Le', 'ngth: 2\r\n\r\nok']],
    ['/head', ['HTTP/1.1 200 OK\r\ncontent-length: 1234\r\n\r\n']],
    ['/204', ['HTTP/1.1 204 No Content\r\ncontent-length: 7\r\n\r\n']],
    ['/chunked', ['HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nConnection: keep-alive\r\n\r\n3\r\nabc\r\n', '0\r\n\r\n']],
    ['/after', ['HTTP/1.1 201 Created\r\ncontent-length: 4\r\n\r\ndone']],
  ]);
  const up = await scriptedUpstream(script);
  const c = await connectTo(up.port);
  try {
    const split = await request(c, 'GET', '/split');
    assert.deepEqual([split.status, split.headers, split.body], [200, ['content-length', '11'], 'hello world']);
    const head = await request(c, 'HEAD', '/head');
    assert.deepEqual([head.status, head.body], [200, '']);
    const noContent = await request(c, 'GET', '/204');
    assert.deepEqual([noContent.status, noContent.body], [204, '']);
    // A head split across reads: llhttp parses it, and every response after it.
    assert.equal((await request(c, 'GET', '/split-head')).body, 'ok');
    const chunked = await request(c, 'GET', '/chunked');
    assert.deepEqual([chunked.status, chunked.headers, chunked.body], [200, [], 'abc']);
    const after = await request(c, 'GET', '/after');
    assert.deepEqual([after.status, after.body], [201, 'done']);
    assert.equal(c.closed, false);
  } finally {
    c.close();
    await up.close();
  }
});

test('a response with more bytes than its content-length is a protocol error, as with llhttp', async () => {
  const up = await scriptedUpstream(new Map([['/extra', ['HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nokGARBAGE\r\n\r\n']]]));
  const c = await connectTo(up.port);
  try {
    const r = await request(c, 'GET', '/extra');
    assert.equal(r.body, 'ok');
    await new Promise((res) => setTimeout(res, 50));
    assert.equal(c.closed, true);
  } finally {
    c.close();
    await up.close();
  }
});
