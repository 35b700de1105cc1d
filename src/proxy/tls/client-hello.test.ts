/** The TLS inspector's ClientHello reader on real ClientHellos from node:tls, split and whole. */
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import tls from 'node:tls';
import { parseClientHello, sniffHttp, startsWithH2Preface } from './client-hello.ts';

function captureHello(opts: tls.ConnectionOptions): Promise<Buffer> {
  return new Promise((resolve) => {
    const server = net.createServer((s) => {
      s.once('data', (d: Buffer) => {
        resolve(d);
        s.destroy();
        server.close();
      });
    });
    server.listen(0, '127.0.0.1', () => {
      const c = tls.connect({ port: (server.address() as net.AddressInfo).port, host: '127.0.0.1', ...opts });
      c.on('error', () => {});
    });
  });
}

test('reads SNI and ALPN from a ClientHello, also when it arrives in pieces', async () => {
  const hello = await captureHello({ servername: 'My-App.Example.com', ALPNProtocols: ['h2', 'http/1.1'] });
  const r = parseClientHello(hello);
  assert.deepEqual(r, { kind: 'tls', serverName: 'my-app.example.com', alpn: ['h2', 'http/1.1'] });
  assert.deepEqual(parseClientHello(hello.subarray(0, 3)), { kind: 'need-more' });
  assert.deepEqual(parseClientHello(hello.subarray(0, 40)), { kind: 'need-more' });
});

test('a ClientHello without SNI or ALPN is still TLS', async () => {
  const hello = await captureHello({});
  assert.deepEqual(parseClientHello(hello), { kind: 'tls', serverName: '', alpn: [] });
});

test('plaintext and garbage are told apart', () => {
  assert.deepEqual(parseClientHello(Buffer.from('GET / HTTP/1.1\r\n')), { kind: 'not-tls' });
  assert.deepEqual(parseClientHello(Buffer.from([0x16, 0x03, 0x01, 0x00, 0x05, 0x02, 0, 0, 1, 0])), { kind: 'malformed' });
  assert.deepEqual(parseClientHello(Buffer.from([0x16, 0x03, 0x01, 0x00, 0x08, 0x01, 0, 0, 4, 0, 0, 0, 0])), { kind: 'malformed' });
});

test('HTTP sniffing: h2c preface, HTTP/1.x request lines', () => {
  assert.equal(sniffHttp(Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n')), 'h2c');
  assert.equal(sniffHttp(Buffer.from('PRI * HTTP/2.0')), 'need-more');
  assert.equal(sniffHttp(Buffer.from('GET /x HTTP/1.1\r\nHost: a\r\n')), 'http/1.1');
  assert.equal(sniffHttp(Buffer.from('GET /x HTTP/1.0\r\n')), 'http/1.0');
  assert.equal(sniffHttp(Buffer.from('SSH-2.0-OpenSSH\r\n')), '');
  assert.equal(startsWithH2Preface(Buffer.from('PRI * HT')), 'need-more');
  assert.equal(startsWithH2Preface(Buffer.from('GET / HTTP/1.1')), false);
});
