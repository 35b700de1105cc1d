/**
 * TLS modes end to end: SIMPLE termination with TLS 1.2 as the floor, MUTUAL (client certificate
 * required and verified), OPTIONAL_MUTUAL (verified when presented), certificates from file-based
 * SDS names, TLS passthrough routed by SNI to tcp_proxy, plain TCP proxy, and upstream TLS
 * (SIMPLE with a trusted CA and SNI, MUTUAL with a client certificate). The downstream cases run
 * twice: with TLS terminated in place on the accepted socket (the default) and through node:tls's
 * TLSSocket (where in-place termination is unavailable); the access log's TLS operators are read
 * in both.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import tls from 'node:tls';
import type { AccessLog, FilterChain } from '../../src/envoy/types.ts';
import { TYPE_URL } from '../../src/envoy/type-urls.ts';
import { inPlaceTlsEnabled, setInPlaceTls } from '../../src/proxy/tls/in-place-tls.ts';
import { startHttpbin, type HttpbinServer } from '../../src/samples/httpbin/index.ts';
import { createCa, type Pem, type TestCa } from '../helpers/certs.ts';
import { startProxy, until, type TestProxy } from '../helpers/http-client.ts';
import { accessLog, bundle, caSecret, certSecret, downstreamTls, hcm, listener, staticCluster, tcpProxy, TLS_INSPECTOR, upstreamTls } from './fixtures.ts';

let ca: TestCa;
let clientCa: TestCa;
let server: Pem;
let client: Pem;
let strangerClient: Pem;
let hb: HttpbinServer;
let backendTls: https.Server;
let backendTlsPort = 0;
let tcpEcho: net.Server;
let ptServer: tls.Server;
let tcpEchoPort = 0;
let p: TestProxy;
let dir = '';

function get(port: number, opts: { servername: string; cert?: Pem; maxVersion?: tls.SecureVersion; path?: string; testCase?: string }): Promise<{ status: number; body: string; cn: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host: '127.0.0.1', port, servername: opts.servername, path: opts.path ?? '/headers', headers: { host: opts.servername, 'x-case': opts.testCase ?? '-' }, ca: ca.cert, cert: opts.cert?.cert, key: opts.cert?.key, maxVersion: opts.maxVersion, agent: false },
      (res) => {
        const cn = String((res.socket as tls.TLSSocket).getPeerCertificate().subject?.CN);
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body, cn }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function tlsEcho(port: number, servername: string, msg: string): Promise<{ reply: string; cn: string }> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: '127.0.0.1', port, servername, ca: ca.cert }, () => s.write(msg));
    s.on('data', (d) => {
      resolve({ reply: d.toString(), cn: String(s.getPeerCertificate().subject?.CN) });
      s.end();
    });
    s.on('error', reject);
  });
}

const TLS_FACTS_LOG: AccessLog = {
  name: 'envoy.access_loggers.file',
  typedConfig: { '@type': TYPE_URL.fileAccessLog, path: '/dev/stdout', logFormat: { textFormatSource: { inlineString: 'tls-facts %REQ(X-CASE)% %DOWNSTREAM_TLS_VERSION% %DOWNSTREAM_TLS_CIPHER% %DOWNSTREAM_PEER_URI_SAN% %DOWNSTREAM_PEER_SUBJECT% %DOWNSTREAM_PEER_ISSUER%\n' } } },
};

before(async () => {
  ca = await createCa('server CA');
  clientCa = await createCa('client CA');
  server = await ca.issue({ commonName: 'gw.example.com', dns: ['gw.example.com', 'mtls.example.com', 'optional.example.com', 'files.example.com'] });
  client = await clientCa.issue({ commonName: 'client', uris: ['spiffe://cluster.local/ns/default/sa/client'], client: true });
  strangerClient = await (await createCa('other CA')).issue({ commonName: 'stranger', client: true });
  const passthroughCert = await ca.issue({ commonName: 'passthrough.example.com', dns: ['passthrough.example.com'] });
  const upstreamCert = await ca.issue({ commonName: 'backend.internal', dns: ['backend.internal'] });
  dir = mkdtempSync(join(tmpdir(), 'sextant-tls-'));
  writeFileSync(join(dir, 'tls.crt'), server.cert);
  writeFileSync(join(dir, 'tls.key'), server.key);

  hb = await startHttpbin({ version: 'v1' });
  // An HTTPS backend that requires a client certificate from clientCa and reports the SNI it saw.
  backendTls = https.createServer({ cert: upstreamCert.cert, key: upstreamCert.key, ca: clientCa.cert, requestCert: true, rejectUnauthorized: false }, (req, res) => {
    const s = req.socket as tls.TLSSocket;
    res.end(JSON.stringify({ sni: (s as tls.TLSSocket & { servername?: string }).servername, clientCn: s.getPeerCertificate()?.subject?.CN ?? null, authorized: s.authorized }));
  });
  backendTlsPort = await new Promise((r) => backendTls.listen(0, '127.0.0.1', () => r((backendTls.address() as net.AddressInfo).port)));
  // A TLS server behind passthrough (the proxy never terminates it), and a plain TCP echo.
  ptServer = tls.createServer({ cert: passthroughCert.cert, key: passthroughCert.key }, (s) => s.on('data', (d) => s.write(`tls-echo:${d}`)));
  const ptPort = await new Promise<number>((r) => ptServer.listen(0, '127.0.0.1', () => r((ptServer.address() as net.AddressInfo).port)));
  tcpEcho = net.createServer((s) => s.on('data', (d) => s.write(`tcp-echo:${d}`)));
  tcpEchoPort = await new Promise((r) => tcpEcho.listen(0, '127.0.0.1', () => r((tcpEcho.address() as net.AddressInfo).port)));

  const h = hcm('https.443');
  const hm = hcm('https.443', { accessLog: [TLS_FACTS_LOG] });
  const chains: FilterChain[] = [
    { name: 'simple', filterChainMatch: { serverNames: ['gw.example.com'] }, transportSocket: downstreamTls('kubernetes://gw-cert'), filters: [h] },
    { name: 'mutual', filterChainMatch: { serverNames: ['mtls.example.com'] }, transportSocket: downstreamTls('kubernetes://gw-cert', { requireClient: true, caSecret: 'kubernetes://gw-cert-cacert' }), filters: [hm] },
    { name: 'optional', filterChainMatch: { serverNames: ['optional.example.com'] }, transportSocket: downstreamTls('kubernetes://gw-cert', { caSecret: 'kubernetes://gw-cert-cacert' }), filters: [h] },
    { name: 'files', filterChainMatch: { serverNames: ['files.example.com'] }, transportSocket: downstreamTls(`file-cert:${join(dir, 'tls.crt')}~${join(dir, 'tls.key')}`), filters: [h] },
    { name: 'passthrough', filterChainMatch: { serverNames: ['passthrough.example.com'] }, filters: [tcpProxy('outbound|443||passthrough.example.com')] },
  ];
  p = await startProxy(
    bundle({
      listeners: [listener('https', chains, { listenerFilters: [TLS_INSPECTOR] }), listener('tcp', [{ filters: [tcpProxy('tcp-echo', { accessLog: [accessLog('text')] })] }])],
      routes: [
        {
          name: 'https.443',
          virtualHosts: [
            { name: 'upstream-tls', domains: ['gw.example.com'], routes: [{ match: { prefix: '/mtls-upstream' }, route: { cluster: 'backend-mtls' } }, { match: { prefix: '/tls-upstream' }, route: { cluster: 'backend-simple' } }, { match: { prefix: '/' }, route: { cluster: 'httpbin' } }] },
            { name: 'rest', domains: ['*'], routes: [{ match: { prefix: '/' }, route: { cluster: 'httpbin' } }] },
          ],
        },
      ],
      clusters: [
        staticCluster('httpbin', [hb.port]),
        staticCluster('outbound|443||passthrough.example.com', [ptPort]),
        staticCluster('tcp-echo', [tcpEchoPort]),
        staticCluster('backend-simple', [backendTlsPort], { transportSocket: upstreamTls({ sni: 'backend.internal', caPem: ca.cert }) }),
        staticCluster('backend-mtls', [backendTlsPort], { transportSocket: upstreamTls({ sni: 'backend.internal', caPem: ca.cert, cert: client }) }),
      ],
      secrets: [certSecret('kubernetes://gw-cert', server), caSecret('kubernetes://gw-cert-cacert', clientCa.cert)],
    }),
  );
});

after(async () => {
  await p.stop();
  await hb.close();
  await new Promise<void>((r) => backendTls.close(() => r()));
  await new Promise<void>((r) => tcpEcho.close(() => r()));
  await new Promise<void>((r) => ptServer.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

test('SIMPLE: terminates TLS with the SDS certificate; TLS 1.1 clients are refused', async () => {
  const r = await get(p.port('https'), { servername: 'gw.example.com' });
  assert.equal(r.status, 200);
  assert.equal(r.cn, 'gw.example.com');
  assert.equal(JSON.parse(r.body).headers['X-Forwarded-Proto'], 'https');
  await assert.rejects(get(p.port('https'), { servername: 'gw.example.com', maxVersion: 'TLSv1.1' }));
});

test('certificates can come from file-cert: SDS names, as Istio mounts them', async () => {
  assert.equal((await get(p.port('https'), { servername: 'files.example.com' })).status, 200);
});

test('MUTUAL: a client certificate from the trusted CA is required', async () => {
  const ok = await get(p.port('https'), { servername: 'mtls.example.com', cert: client });
  assert.equal(ok.status, 200);
  await assert.rejects(get(p.port('https'), { servername: 'mtls.example.com' }));
  await assert.rejects(get(p.port('https'), { servername: 'mtls.example.com', cert: strangerClient }));
});

test('OPTIONAL_MUTUAL: no certificate is fine, a presented one must verify', async () => {
  assert.equal((await get(p.port('https'), { servername: 'optional.example.com' })).status, 200);
  assert.equal((await get(p.port('https'), { servername: 'optional.example.com', cert: client })).status, 200);
  await assert.rejects(get(p.port('https'), { servername: 'optional.example.com', cert: strangerClient }));
});

for (const inPlace of [true, false]) {
  const how = inPlace ? 'in place' : 'through TLSSocket';
  test(`downstream TLS ${how}: SIMPLE, MUTUAL and OPTIONAL_MUTUAL, and the TLS operators of the access log`, async () => {
    setInPlaceTls(inPlace);
    try {
      assert.equal(inPlaceTlsEnabled(), inPlace);
      const port = p.port('https');
      assert.equal((await get(port, { servername: 'gw.example.com' })).status, 200);
      assert.equal((await get(port, { servername: 'mtls.example.com', cert: client, testCase: how.replace(' ', '-') })).status, 200);
      await assert.rejects(get(port, { servername: 'mtls.example.com' }));
      await assert.rejects(get(port, { servername: 'mtls.example.com', cert: strangerClient }));
      assert.equal((await get(port, { servername: 'optional.example.com' })).status, 200);
      await assert.rejects(get(port, { servername: 'optional.example.com', cert: strangerClient }));
      const tag = `tls-facts ${how.replace(' ', '-')} `;
      await until(() => p.logs.some((l) => l.startsWith(tag)));
      const line = p.logs.find((l) => l.startsWith(tag))!;
      assert.match(line, /^tls-facts \S+ TLSv1\.3 TLS_AES_\S+ spiffe:\/\/cluster\.local\/ns\/default\/sa\/client CN=client CN=client CA,O=sextant$/);
    } finally {
      setInPlaceTls(true);
    }
  });
}

test('TLS passthrough: routed by SNI to tcp_proxy without terminating', async () => {
  const r = await tlsEcho(p.port('https'), 'passthrough.example.com', 'hello');
  assert.equal(r.reply, 'tls-echo:hello');
  assert.equal(r.cn, 'passthrough.example.com', 'the backend certificate reaches the client');
});

test('plain TCP proxy relays bytes and logs the connection', async () => {
  const reply = await new Promise<string>((resolve, reject) => {
    const s = net.connect(p.port('tcp'), '127.0.0.1', () => s.write('ping'));
    s.on('data', (d) => {
      resolve(d.toString());
      s.end();
    });
    s.on('error', reject);
  });
  assert.equal(reply, 'tcp-echo:ping');
  await until(() => p.logs.some((l) => l.includes('tcp-echo')));
  const line = p.logs.find((l) => l.includes('tcp-echo'))!;
  assert.match(line, /"- - -" 0 - - - "-" 4 13 \d+ /);
  assert.ok(line.includes(`"127.0.0.1:${tcpEchoPort}" tcp-echo`));
});

test('upstream TLS: SIMPLE verifies the backend with SNI; MUTUAL presents a client certificate', async () => {
  const simple = JSON.parse((await get(p.port('https'), { servername: 'gw.example.com', path: '/tls-upstream' })).body);
  assert.equal(simple.sni, 'backend.internal');
  assert.equal(simple.clientCn, null);
  const mutual = JSON.parse((await get(p.port('https'), { servername: 'gw.example.com', path: '/mtls-upstream' })).body);
  assert.equal(mutual.clientCn, 'client');
  assert.equal(mutual.authorized, true);
});
