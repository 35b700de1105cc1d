/**
 * probeTls against real TLS servers on loopback: it reports the negotiated protocol and cipher, and
 * whether the server resumed the session of the probe's first connection.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants } from 'node:crypto';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { createCa } from '../../test/helpers/certs.ts';
import { probeTls } from './check.ts';

const ANSWER = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok';

async function server(opts: tls.TlsOptions): Promise<{ url: string; close(): void }> {
  const srv = tls.createServer(opts, (s) => {
    s.on('error', () => {});
    s.once('data', () => s.end(ANSWER));
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return { url: `https://127.0.0.1:${(srv.address() as AddressInfo).port}/x`, close: () => srv.close() };
}

test('probeTls reports the protocol, the cipher and resumption', async () => {
  const ca = await createCa();
  const leaf = await ca.issue({ commonName: 'probe.test', ips: ['127.0.0.1'] });
  const modern = await server({ cert: leaf.cert, key: leaf.key });
  const old = await server({ cert: leaf.cert, key: leaf.key, maxVersion: 'TLSv1.2' });
  const noTickets = await server({ cert: leaf.cert, key: leaf.key, maxVersion: 'TLSv1.2', secureOptions: constants.SSL_OP_NO_TICKET });
  try {
    const a = await probeTls(modern.url, 'probe.test');
    assert.equal(a.protocol, 'TLSv1.3');
    assert.match(a.cipher, /^TLS_/);
    assert.equal(a.resumes, true);
    const b = await probeTls(old.url, 'probe.test');
    assert.equal(b.protocol, 'TLSv1.2');
    assert.match(b.cipher, /^ECDHE-ECDSA-/);
    // Without tickets and without a session cache (no tls.Server session store), nothing resumes.
    const c = await probeTls(noTickets.url, 'probe.test');
    assert.equal(c.protocol, 'TLSv1.2');
    assert.equal(c.resumes, false);
  } finally {
    modern.close();
    old.close();
    noTickets.close();
  }
});
