/**
 * The downstream HTTP/1.1 codec inside the proxy: a client that goes away mid-response is logged
 * with DC, a request without Host gets Envoy's 400 (missing_host_header), and a connection whose
 * filter chain changed drains — its next response says `connection: close` and the connection ends.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { rawExchange, startProxy, until, type TestProxy } from '../helpers/http-client.ts';
import { accessLog, httpBundle, staticCluster } from './fixtures.ts';

let upstream: http.Server;
let p: TestProxy;
const routes = [{ name: 'http.80', virtualHosts: [{ name: 'all', domains: ['*'], routes: [{ match: { prefix: '/' }, route: { cluster: 'up', timeout: '0s' } }] }] }];
let clusters: ReturnType<typeof staticCluster>[];

before(async () => {
  upstream = http.createServer((req, res) => {
    if (req.url === '/slow') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial');
      return; // never ends
    }
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
    res.end('ok');
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
  clusters = [staticCluster('up', [(upstream.address() as net.AddressInfo).port])];
  p = await startProxy(httpBundle(routes, clusters, { accessLog: [accessLog('text')] }));
});

after(async () => {
  await p.stop();
  upstream.closeAllConnections();
  await new Promise<void>((r) => upstream.close(() => r()));
});

test('a client that disconnects mid-response is logged with DC', async () => {
  const before = p.logs.length;
  await new Promise<void>((resolve, reject) => {
    const s = net.connect(p.port(), '127.0.0.1', () => s.write('GET /slow HTTP/1.1\r\nHost: a\r\n\r\n'));
    s.on('data', (d) => {
      if (d.toString().includes('partial')) s.destroy();
    });
    s.on('close', () => resolve());
    s.on('error', reject);
  });
  await until(() => p.logs.length > before);
  assert.match(p.logs[before], /"GET \/slow HTTP\/1\.1" 200 DC /);
});

test('HTTP/1.1 without Host: 400 missing_host_header', async () => {
  const before = p.logs.length;
  const out = await rawExchange(p.port(), 'GET / HTTP/1.1\r\nConnection: close\r\n\r\n');
  assert.match(out, /^HTTP\/1\.1 400 Bad Request\r\n/);
  await until(() => p.logs.length > before);
  assert.match(p.logs[before], / 400 DPE missing_host_header /);
});

test('a drained connection answers its next request with connection: close, then closes', async () => {
  const sock = net.connect(p.port(), '127.0.0.1');
  let text = '';
  let closed = false;
  sock.on('data', (d) => (text += d.toString('latin1')));
  sock.on('close', () => (closed = true));
  sock.write('GET /1 HTTP/1.1\r\nHost: a\r\n\r\n');
  await until(() => text.includes('\r\n\r\nok'));
  assert.doesNotMatch(text, /connection: close/);
  const r = await p.proxy.apply(httpBundle(routes, clusters, { accessLog: [accessLog('text')], serverName: 'changed' }));
  assert.equal(r.accepted, true);
  text = '';
  sock.write('GET /2 HTTP/1.1\r\nHost: a\r\n\r\n');
  await until(() => closed);
  assert.match(text, /^HTTP\/1\.1 200 OK\r\n[^]*connection: close\r\n\r\nok$/);
});

test('a client that closes before sending anything gets its connection closed, not left half-open', async () => {
  const closed = await new Promise<boolean>((resolve) => {
    const s = net.connect(p.port(), '127.0.0.1', () => s.end());
    const timer = setTimeout(() => {
      s.destroy();
      resolve(false);
    }, 3000);
    s.on('error', () => {});
    s.on('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  assert.equal(closed, true, 'the proxy never closed its side (CLOSE-WAIT)');
});
