/**
 * The downstream fast path: what it accepts reads exactly as llhttp reads it (method, target,
 * headers with lower-cased names, keep-alive), what it declines is llhttp's, and over a real
 * socket a connection moves to llhttp at a request boundary — a body, a `connection: close` with
 * bytes after it, pipelining.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, test } from 'node:test';
import { HTTPParser, METHODS } from '../../common/llhttp.ts';
import { DownstreamConnection } from '../../listener/downstream-connection.ts';
import { Http1ServerConnection } from './http1-server-connection.ts';
import type { Http1ServerStream } from './http1-server-stream.ts';
import { parseSimpleRequestHead } from './simple-request.ts';

interface Parsed {
  method: string;
  url: string;
  raw: string[];
  keepAlive: boolean;
}

function viaLlhttp(text: string): Parsed {
  const out: Parsed = { method: '', url: '', raw: [], keepAlive: false };
  const p = new HTTPParser();
  p.initialize(HTTPParser.REQUEST, {}, 0, HTTPParser.kLenientNone);
  p[HTTPParser.kOnHeadersComplete] = (major: number, minor: number, raw: string[], method: number, url: string, _s: number, _m: string, upgrade: boolean, keepAlive: boolean): number => {
    assert.deepEqual([major, minor, upgrade], [1, 1, false]);
    Object.assign(out, { method: METHODS[method], url, raw: raw.map((v, i) => (i % 2 === 0 ? v.toLowerCase() : v)), keepAlive });
    return 0;
  };
  const r = p.execute(Buffer.from(text, 'latin1'));
  p.close();
  assert.equal(r, text.length, `llhttp refused ${JSON.stringify(text)}`);
  return out;
}

const ACCEPTED = [
  'GET / HTTP/1.1\r\nHost: example.com\r\n\r\n',
  'GET /a/b?c=d&e=%20f HTTP/1.1\r\nhost: x\r\nuser-agent: curl/8\r\naccept: */*\r\n\r\n',
  'HEAD /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
  'DELETE /item/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nconnection: Keep-Alive\r\n\r\n',
  'POST /form HTTP/1.1\r\nHost: x\r\ncontent-length: 0\r\nx-empty:\r\nx-pad: \t padded \t\r\n\r\n',
  'OPTIONS /o HTTP/1.1\r\nHost: x\r\ncookie: a=1\r\ncookie: b=2\r\n\r\n',
];

test('an accepted request head reads exactly as llhttp reads it', () => {
  for (const text of ACCEPTED) {
    const head = parseSimpleRequestHead(Buffer.from(text, 'latin1'), 0, 8192);
    assert.ok(head, `declined ${JSON.stringify(text)}`);
    assert.deepEqual({ method: head.method, url: head.url, raw: head.headers, keepAlive: head.keepAlive }, viaLlhttp(text), text);
    assert.equal(head.end, text.length);
  }
  const two = Buffer.from(ACCEPTED[0] + ACCEPTED[1]);
  const second = parseSimpleRequestHead(two, ACCEPTED[0].length, 8192);
  assert.equal(second?.url, '/a/b?c=d&e=%20f');
});

test('anything else is left to llhttp', () => {
  const declined = [
    'GET / HTTP/1.1\r\nHost: x\r\n', // incomplete
    'GET / HTTP/1.0\r\nHost: x\r\n\r\n',
    'POST / HTTP/1.1\r\nHost: x\r\ncontent-length: 3\r\n\r\nabc',
    'POST / HTTP/1.1\r\nHost: x\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n',
    'POST / HTTP/1.1\r\nHost: x\r\ncontent-length: 0\r\ncontent-length: 0\r\n\r\n',
    'GET / HTTP/1.1\r\nHost: x\r\nexpect: 100-continue\r\n\r\n',
    'GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n',
    'GET / HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, x-hop\r\n\r\n',
    'CONNECT x:443 HTTP/1.1\r\nHost: x:443\r\n\r\n',
    'PROPFIND / HTTP/1.1\r\nHost: x\r\n\r\n',
    'get / HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET http://x/ HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET * HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET /a b HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET /\x7f HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET /caf\xe9 HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET  / HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET / HTTP/1.1 \r\nHost: x\r\n\r\n',
    'GET / HTTP/1.1\r\nHost : x\r\n\r\n',
    'GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n',
    'GET / HTTP/1.1\r\nHost: x\ny: z\r\n\r\n',
    'GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n',
    'GET / HTTP/1.1\r\nx-obs: caf\xe9\r\n\r\n',
    'GET / HTTP/1.1\r\n: empty-name\r\n\r\n',
  ];
  for (const text of declined) assert.equal(parseSimpleRequestHead(Buffer.from(text, 'latin1'), 0, 8192), null, JSON.stringify(text));
  assert.equal(parseSimpleRequestHead(Buffer.from(ACCEPTED[1], 'latin1'), 0, 40), null, 'over the size limit');
});

const servers: net.Server[] = [];
after(() => {
  for (const s of servers) s.close();
});

async function serve(): Promise<number> {
  const opts = { maxRequestHeadersBytes: 8192, maxHeadersCount: 100, requestHeadersTimeoutMs: 0, idleTimeoutMs: 60_000, maxRequestsPerConnection: 0 };
  const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (raw) => {
    raw.on('error', () => {});
    new Http1ServerConnection(new DownstreamConnection(raw, 'test', 0), opts, (_c, s: Http1ServerStream) => {
      let body = '';
      s.bind({ onRequestData: (d) => (body += d.toString()), onRequestEnd: () => s.end(Buffer.from(`${s.method} ${s.path} ${body}`), undefined), onResponseDrain: () => undefined, onDownstreamClose: () => undefined });
      s.readBody();
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return (server.address() as net.AddressInfo).port;
}

function exchange(port: number, input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = net.connect(port, '127.0.0.1', () => c.write(input));
    let text = '';
    c.on('data', (d) => (text += d.toString('latin1')));
    c.on('close', () => resolve(text));
    c.on('error', reject);
    setTimeout(() => c.destroy(), 500);
  });
}

const bodies = (text: string): string[] => [...text.matchAll(/\r\n\r\n([A-Z]+ [^ ]* [a-z]*)/g)].map((m) => m[1].trim());

test('pipelined requests: simple ones, then a body (llhttp from there), answered in order', async () => {
  const port = await serve();
  const text = await exchange(port, 'GET /a HTTP/1.1\r\nHost: x\r\n\r\nPOST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabcGET /c HTTP/1.1\r\nHost: x\r\n\r\n');
  assert.deepEqual(bodies(text), ['GET /a', 'POST /b abc', 'GET /c']);
});

test('bytes after a connection: close request are refused as llhttp refuses them; the answered request keeps its response', async () => {
  const port = await serve();
  const text = await exchange(port, 'GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n');
  assert.match(text, /^HTTP\/1\.1 200 OK\r\n[^]*connection: close\r\n\r\nGET \/a $/);
  const last = await exchange(port, 'GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.deepEqual(bodies(last), ['GET /a', 'GET /b']);
});
