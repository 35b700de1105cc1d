/**
 * In-place TLS termination against real clients on loopback: a plain net.Server hands each accepted
 * socket to startInPlaceTls and echoes what it reads. Covered: the handshake and plaintext both
 * ways on the same socket object, a ClientHello already read and put back, ALPN, session facts,
 * resumption, client certificates required and verified, a refused renegotiation, garbage instead
 * of a ClientHello, and the session facts gone once the socket is.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import tls from 'node:tls';
import { createCa, type Pem } from '../../../test/helpers/certs.ts';
import { alpnWire, inPlaceTlsEnabled, peerCertificateOf, startInPlaceTls, tlsSessionOf, type InPlaceTlsOptions, type TlsSessionHandle } from './in-place-tls.ts';

interface Seen {
  secure: { socket: net.Socket; session: TlsSessionHandle }[];
  failed: Error[];
  /** Handshakes that completed with a client certificate the CA did not sign (closed at once). */
  unverified: number;
  closed: number;
}

/** A net.Server terminating TLS in place; `peekFirst` reads and puts back the first bytes first. */
async function server(opts: InPlaceTlsOptions, peekFirst = false): Promise<{ port: number; seen: Seen; close(): void }> {
  const seen: Seen = { secure: [], failed: [], unverified: 0, closed: 0 };
  const start = (s: net.Socket): void => {
    const ok = startInPlaceTls(s, opts, {
      secure: (session) => {
        // Node's TLS lets the handshake finish and leaves the chain check to its caller (as the
        // listener does it): a certificate that does not verify closes the connection.
        if (opts.requestCert && session.verifyError()) {
          seen.unverified++;
          s.destroy();
          return;
        }
        seen.secure.push({ socket: s, session });
        s.on('data', (d: Buffer) => s.write(`echo:${d}`));
        s.resume();
      },
      failed: (e) => seen.failed.push(e),
    });
    assert.equal(ok, true);
  };
  const srv = net.createServer((s) => {
    s.on('error', () => {});
    s.on('close', () => seen.closed++);
    if (!peekFirst) return start(s);
    s.once('data', (d: Buffer) => {
      s.pause();
      s.unshift(d);
      start(s);
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return { port: (srv.address() as net.AddressInfo).port, seen, close: () => srv.close() };
}

function exchange(port: number, o: tls.ConnectionOptions, msg = 'hi'): Promise<{ reply: string; socket: tls.TLSSocket; session?: Buffer }> {
  return new Promise((resolve, reject) => {
    let session: Buffer | undefined;
    const s = tls.connect({ host: '127.0.0.1', port, ...o }, () => s.write(msg));
    s.on('session', (b: Buffer) => (session = b));
    s.once('data', (d) => {
      // Give the tickets that follow the handshake a moment to arrive.
      setTimeout(() => {
        resolve({ reply: d.toString(), socket: s, session });
        s.end();
      }, 20);
    });
    s.on('error', reject);
    s.on('close', () => reject(new Error('closed before an answer')));
  });
}

let pem: { ca: string; server: Pem; client: Pem; stranger: Pem } | undefined;
async function certs(): Promise<NonNullable<typeof pem>> {
  if (!pem) {
    const ca = await createCa('in-place CA');
    const other = await createCa('other CA');
    pem = {
      ca: ca.cert,
      server: await ca.issue({ commonName: 'tls.test', dns: ['tls.test'], ips: ['127.0.0.1'] }),
      client: await ca.issue({ commonName: 'client', uris: ['spiffe://cluster.local/ns/a/sa/client'], client: true }),
      stranger: await other.issue({ commonName: 'stranger', client: true }),
    };
  }
  return pem;
}

/** A server certificate, no client certificates, no ALPN. */
function serverOnly(pair: Pem): InPlaceTlsOptions {
  return { secureContext: tls.createSecureContext({ cert: pair.cert, key: pair.key }), requestCert: false, rejectUnauthorized: false, alpnWire: undefined };
}

test('alpnWire is the length-prefixed list OpenSSL takes', () => {
  assert.deepEqual(alpnWire(['h2', 'http/1.1']), Buffer.from('\x02h2\x08http/1.1', 'latin1'));
  assert.equal(alpnWire([]), undefined);
  assert.throws(() => alpnWire(['']), /ALPN protocol name of 0 bytes/);
});

test('this Node supports in-place termination', () => {
  // Node 20 (the project's runtime) has every internal it needs; a newer Node that does not falls
  // back to TLSSocket, and this test says so.
  assert.equal(inPlaceTlsEnabled(), true);
});

test('terminates TLS on the accepted socket itself, with ALPN, facts and resumption', async () => {
  const c = await certs();
  const ctx = tls.createSecureContext({ cert: c.server.cert, key: c.server.key });
  const srv = await server({ secureContext: ctx, requestCert: false, rejectUnauthorized: false, alpnWire: alpnWire(['h2', 'http/1.1']) });
  try {
    const first = await exchange(srv.port, { ca: c.ca, servername: 'tls.test', ALPNProtocols: ['http/1.1'] });
    assert.equal(first.reply, 'echo:hi');
    assert.equal(first.socket.alpnProtocol, 'http/1.1');
    const { socket, session } = srv.seen.secure[0];
    assert.equal((socket as net.Socket & { encrypted?: boolean }).encrypted, true);
    assert.equal((socket as net.Socket & { alpnProtocol?: string }).alpnProtocol, 'http/1.1');
    assert.equal((socket as net.Socket & { servername?: string }).servername, 'tls.test');
    assert.equal(session.getProtocol(), 'TLSv1.3');
    assert.match(session.getCipher()?.standardName ?? '', /^TLS_AES_/);
    assert.equal(peerCertificateOf(session), null);
    assert.ok(first.session, 'the client got a ticket');
    const again = await exchange(srv.port, { ca: c.ca, servername: 'tls.test', session: first.session });
    assert.equal(again.reply, 'echo:hi');
    assert.equal(again.socket.isSessionReused(), true);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(srv.seen.closed, 2);
    assert.equal(tlsSessionOf(socket), undefined, 'no session facts once the socket is gone');
    assert.deepEqual(srv.seen.failed, []);
  } finally {
    srv.close();
  }
});

test('a ClientHello already read and put back by a listener filter goes to TLS first', async () => {
  const c = await certs();
  const srv = await server(serverOnly(c.server), true);
  try {
    assert.equal((await exchange(srv.port, { ca: c.ca, servername: 'tls.test' }, 'peeked')).reply, 'echo:peeked');
  } finally {
    srv.close();
  }
});

test('client certificates: required, verified against the CA, and the peer certificate is read', async () => {
  const c = await certs();
  const ctx = tls.createSecureContext({ cert: c.server.cert, key: c.server.key, ca: c.ca });
  const srv = await server({ secureContext: ctx, requestCert: true, rejectUnauthorized: true, alpnWire: undefined });
  try {
    assert.equal((await exchange(srv.port, { ca: c.ca, servername: 'tls.test', cert: c.client.cert, key: c.client.key })).reply, 'echo:hi');
    const session = srv.seen.secure[0].session;
    assert.equal(session.verifyError(), null);
    const peer = peerCertificateOf(session);
    assert.equal(peer?.subject.CN, 'client');
    assert.match(peer?.subjectaltname ?? '', /URI:spiffe:\/\/cluster\.local\/ns\/a\/sa\/client/);
    // No certificate: the handshake fails (reported once). One from another CA: it completes, and
    // verifyError() says why the connection is closed.
    await assert.rejects(exchange(srv.port, { ca: c.ca, servername: 'tls.test' }));
    await assert.rejects(exchange(srv.port, { ca: c.ca, servername: 'tls.test', cert: c.stranger.cert, key: c.stranger.key }));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(srv.seen.secure.length, 1);
    assert.equal(srv.seen.failed.length, 1);
    assert.match(srv.seen.failed[0].message, /peer did not return a certificate/);
    assert.equal(srv.seen.unverified, 1);
  } finally {
    srv.close();
  }
});

test('renegotiation is refused by closing the connection', async () => {
  const c = await certs();
  const srv = await server(serverOnly(c.server));
  try {
    const closed = await new Promise<boolean>((resolve, reject) => {
      const s = tls.connect({ host: '127.0.0.1', port: srv.port, ca: c.ca, servername: 'tls.test', maxVersion: 'TLSv1.2' }, () => {
        s.renegotiate({ rejectUnauthorized: false }, () => {});
      });
      s.on('error', () => {});
      s.on('close', () => resolve(true));
      setTimeout(() => reject(new Error('still open')), 3000).unref();
    });
    assert.equal(closed, true);
    assert.equal(srv.seen.secure.length, 1);
  } finally {
    srv.close();
  }
});

test('garbage instead of a ClientHello fails the handshake and closes the socket', async () => {
  const c = await certs();
  const srv = await server(serverOnly(c.server));
  try {
    await new Promise<void>((resolve) => {
      const s = net.connect(srv.port, '127.0.0.1', () => s.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
      s.on('data', () => {});
      s.on('error', () => {});
      s.on('close', () => resolve());
    });
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(srv.seen.failed.length, 1);
    assert.match(srv.seen.failed[0].message, /wrong version number|http request|packet length/i);
    assert.equal(srv.seen.closed, 1);
  } finally {
    srv.close();
  }
});
