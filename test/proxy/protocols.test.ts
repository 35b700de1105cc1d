/**
 * Protocols end to end: HTTP/1.1 keep-alive and pipelining, chunked bodies both ways and large
 * bodies under backpressure, HEAD, HTTP/2 over TLS by ALPN and h2c prior knowledge, gRPC through
 * an HTTP/2 cluster with status and trailers intact, and a WebSocket-style upgrade tunnel.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http from 'node:http';
import http2 from 'node:http2';
import type net from 'node:net';
import { after, before, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { TYPE_URL } from '../../src/envoy/type-urls.ts';
import { startHttpbin, type HttpbinServer } from '../../src/samples/httpbin/index.ts';
import { createCa } from '../helpers/certs.ts';
import { h2request, rawExchange, request, startProxy, type TestProxy } from '../helpers/http-client.ts';
import { bundle, certSecret, downstreamTls, hcm, listener, staticCluster } from './fixtures.ts';

let hb: HttpbinServer;
let echo: http.Server;
let echoPort = 0;
let grpcServer: grpc.Server;
let grpcPort = 0;
let p: TestProxy;
let caPem = '';

const passthrough = (b: Buffer): Buffer => b;
const ECHO_SERVICE = {
  echo: { path: '/test.Echo/Echo', requestStream: false, responseStream: false, requestSerialize: passthrough, requestDeserialize: passthrough, responseSerialize: passthrough, responseDeserialize: passthrough },
};

function listen(server: http.Server): Promise<number> {
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r((server.address() as net.AddressInfo).port)));
}

before(async () => {
  hb = await startHttpbin({ version: 'v1' });
  // Echo backend: streams the request body back (chunked) and tunnels upgrades by echoing bytes.
  echo = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'x-request-te': String(req.headers['transfer-encoding'] ?? '') });
    req.pipe(res);
  });
  echo.on('upgrade', (req, socket: net.Socket, head) => {
    const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    if (head.length) socket.write(head);
    socket.pipe(socket);
  });
  echoPort = await listen(echo);
  grpcServer = new grpc.Server();
  grpcServer.addService(ECHO_SERVICE, {
    echo: (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => {
      const text = call.request.toString();
      if (text === 'missing') {
        cb({ code: grpc.status.NOT_FOUND, details: 'no such thing' });
        return;
      }
      const md = new grpc.Metadata();
      md.set('x-trailer', 'kept');
      cb(null, Buffer.from(`echo:${text}`), md);
    },
  });
  grpcPort = await new Promise<number>((r, j) => grpcServer.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, port) => (e ? j(e) : r(port))));
  const ca = await createCa();
  caPem = ca.cert;
  const leaf = await ca.issue({ commonName: 'h2.local', dns: ['h2.local'] });
  const routes = [
    {
      name: 'http.80',
      virtualHosts: [
        {
          name: 'all',
          domains: ['*'],
          routes: [
            { match: { prefix: '/test.Echo/' }, route: { cluster: 'grpc', timeout: '0s' } },
            { match: { prefix: '/echo' }, route: { cluster: 'echo', timeout: '0s' } },
            { match: { prefix: '/ws' }, route: { cluster: 'echo', timeout: '0s' } },
            { match: { prefix: '/' }, route: { cluster: 'httpbin' } },
          ],
        },
      ],
    },
  ];
  const h2opts = { [`envoy.extensions.upstreams.http.v3.HttpProtocolOptions`]: { '@type': TYPE_URL.httpProtocolOptions, explicitHttpConfig: { http2ProtocolOptions: {} } } };
  p = await startProxy(
    bundle({
      listeners: [listener('http', [{ filters: [hcm('http.80')] }]), listener('https', [{ transportSocket: downstreamTls('cert'), filters: [hcm('http.80')] }])],
      routes,
      clusters: [staticCluster('httpbin', [hb.port]), staticCluster('echo', [echoPort]), staticCluster('grpc', [grpcPort], { typedExtensionProtocolOptions: h2opts })],
      secrets: [certSecret('cert', leaf)],
    }),
  );
});

after(async () => {
  await p.stop();
  await hb.close();
  await new Promise<void>((r) => {
    echo.close(() => r());
    echo.closeAllConnections();
  });
  grpcServer.forceShutdown();
});

test('HTTP/1.1 keep-alive reuses one downstream connection', async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const ports = new Set<number>();
  for (let i = 0; i < 5; i++) {
    const r = await new Promise<number>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: p.port(), path: '/ip', agent }, (res) => {
        res.resume();
        res.on('end', () => resolve((req.socket as net.Socket).localPort!));
      });
      req.on('error', reject);
    });
    ports.add(r);
  }
  agent.destroy();
  assert.equal(ports.size, 1);
});

test('pipelined HTTP/1.1 requests are answered in order', async () => {
  const reqs = ['/status/201', '/status/202', '/status/203'].map((path) => `GET ${path} HTTP/1.1\r\nHost: a\r\n\r\n`).join('') + 'GET /status/204 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n';
  const out = await rawExchange(p.port(), reqs);
  const codes = [...out.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => m[1]);
  assert.deepEqual(codes, ['201', '202', '203', '204']);
});

test('chunked request and response bodies, and a large body under backpressure', async () => {
  const r = await rawExchange(p.port(), 'POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n');
  assert.match(r, /^HTTP\/1\.1 200/);
  assert.match(r.toLowerCase(), /transfer-encoding: chunked/);
  assert.match(r, /x-request-te: chunked/);
  assert.match(r, /hello/);
  assert.match(r, / world/);
  const big = Buffer.alloc(8 * 1024 * 1024, 'z');
  const res = await request(p.port(), { path: '/echo', method: 'POST', body: big, headers: { 'content-type': 'application/octet-stream' } });
  assert.equal(res.status, 200);
  assert.equal(res.body.length, big.length);
});

test('HEAD gets headers and no body', async () => {
  const r = await request(p.port(), { path: '/bytes/100', method: 'HEAD' });
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-length'], '100');
  assert.equal(r.body, '');
});

test('HTTP/2 over TLS via ALPN and h2c with prior knowledge', async () => {
  const tlsSession = http2.connect(`https://127.0.0.1:${p.port('https')}`, { ca: caPem, servername: 'h2.local' });
  const a = await h2request(tlsSession, { ':path': '/headers', ':authority': 'h2.local' });
  assert.equal(a.headers[':status'], 200);
  assert.equal(a.headers.server, 'istio-envoy');
  const seen = JSON.parse(a.body).headers;
  assert.equal(seen.Host, 'h2.local');
  assert.equal(seen['X-Forwarded-Proto'], 'https');
  tlsSession.close();
  const clear = http2.connect(`http://127.0.0.1:${p.port()}`);
  const b = await h2request(clear, { ':path': '/anything', ':method': 'POST', ':authority': 'h2c.local', 'content-type': 'application/json' }, '{"x":1}');
  assert.equal(b.headers[':status'], 200);
  assert.deepEqual(JSON.parse(b.body).json, { x: 1 });
  clear.close();
});

test('gRPC passes through with status, message and trailers intact', async () => {
  const Client = grpc.makeGenericClientConstructor(ECHO_SERVICE, 'Echo');
  const client = new Client(`127.0.0.1:${p.port()}`, grpc.credentials.createInsecure()) as grpc.Client & Record<string, (...a: unknown[]) => unknown>;
  const call = <T>(fn: (cb: (e: grpc.ServiceError | null, v?: T) => void) => void) => new Promise<{ err: grpc.ServiceError | null; v?: T }>((r) => fn((err, v) => r({ err, v })));
  let trailers: grpc.Metadata | undefined;
  const ok = await call<Buffer>((cb) => {
    const c = client.echo(Buffer.from('hi'), cb) as grpc.ClientUnaryCall;
    c.on('status', (s: grpc.StatusObject) => (trailers = s.metadata));
  });
  assert.equal(ok.err, null);
  assert.equal(ok.v!.toString(), 'echo:hi');
  assert.deepEqual(trailers!.get('x-trailer'), ['kept']);
  const bad = await call<Buffer>((cb) => client.echo(Buffer.from('missing'), cb));
  assert.equal(bad.err?.code, grpc.status.NOT_FOUND);
  assert.equal(bad.err?.details, 'no such thing');
  client.close();
});

test('WebSocket upgrade is tunnelled both ways', async () => {
  const out = await new Promise<string>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: p.port(), path: '/ws', headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', 'sec-websocket-version': '13' } });
    req.on('upgrade', (res, socket) => {
      assert.equal(res.statusCode, 101);
      assert.equal(res.headers['sec-websocket-accept'], 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
      let got = '';
      socket.on('data', (d: Buffer) => {
        got += d.toString();
        if (got === 'ping-pong') {
          socket.end();
          resolve(got);
        }
      });
      socket.write('ping-');
      setTimeout(() => socket.write('pong'), 20);
    });
    req.on('response', (res) => reject(new Error(`no upgrade: ${res.statusCode}`)));
    req.on('error', reject);
    req.end();
  });
  assert.equal(out, 'ping-pong');
});
