/** Certificates issued by the local CA verify against it, carry their SANs, and serve real TLS. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import { once } from 'node:events';
import { createCertificateAuthority } from './certificates.ts';

test('a leaf issued by the CA verifies against it and carries its SANs', async () => {
  const ca = await createCertificateAuthority('test CA');
  const leaf = await ca.issue({ dnsNames: ['my-app1.example.com'], uris: ['spiffe://cluster.local/ns/default/sa/default'] });
  const c = new X509Certificate(leaf.cert);
  assert.ok(c.verify(new X509Certificate(ca.cert).publicKey));
  assert.match(c.subjectAltName ?? '', /DNS:my-app1\.example\.com/);
  assert.match(c.subjectAltName ?? '', /URI:spiffe:\/\/cluster\.local\/ns\/default\/sa\/default/);
  assert.ok(c.checkPrivateKey((await import('node:crypto')).createPrivateKey(leaf.key)));
  assert.equal(new X509Certificate(ca.cert).ca, true);
  assert.equal(c.ca, false);
});

test('a TLS server with an issued certificate is trusted by a client holding the CA', async () => {
  const ca = await createCertificateAuthority();
  const leaf = await ca.issue({ dnsNames: ['svc.local'], usage: 'server' });
  const server = tls.createServer({ cert: leaf.cert, key: leaf.key }, (s) => s.end('hi'));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  try {
    const sock = tls.connect({ port, host: '127.0.0.1', servername: 'svc.local', ca: ca.cert });
    const [data] = (await once(sock, 'data')) as [Buffer];
    assert.equal(data.toString(), 'hi');
    assert.equal(sock.authorized, true);
    sock.destroy();
    const bad = tls.connect({ port, host: '127.0.0.1', servername: 'other.local', ca: ca.cert });
    const [err] = (await once(bad, 'error')) as [Error];
    assert.match(err.message, /altnames|Hostname/i);
  } finally {
    server.close();
  }
});
