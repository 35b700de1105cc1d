/**
 * Direct writes over real loopback sockets: bytes arrive whole and in order when the peer stops
 * reading (writes queue in libuv, write() reports backpressure, 'drain' follows), mixed with
 * socket.write() and end(); a destroyed socket with queued writes closes quietly; bytes the
 * Writable already holds go first.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { test } from 'node:test';
import { SocketWriter } from './socket-writer.ts';

/** A server that reads nothing until `release()`, then collects everything until the client ends. */
async function slowReader(): Promise<{ port: number; release: () => void; received: Promise<Buffer>; close: () => void }> {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let done!: (b: Buffer) => void;
  const received = new Promise<Buffer>((r) => (done = r));
  const server = net.createServer((sock) => {
    sock.pause();
    const parts: Buffer[] = [];
    sock.on('data', (d) => parts.push(d));
    sock.on('end', () => {
      done(Buffer.concat(parts));
      sock.end();
    });
    void gate.then(() => sock.resume());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { port: (server.address() as net.AddressInfo).port, release, received, close: () => server.close() };
}

test('queued writes keep their order, report backpressure and drain', async () => {
  const peer = await slowReader();
  const socket = net.connect(peer.port, '127.0.0.1');
  await once(socket, 'connect');
  const w = new SocketWriter(socket);
  const expected: Buffer[] = [];
  let refused = 0;
  for (let i = 0; i < 200; i++) {
    const chunk = Buffer.alloc(32 * 1024, i % 251);
    expected.push(chunk);
    if (!w.write(chunk)) refused++;
    const marker = `<${i}>`;
    expected.push(Buffer.from(marker, 'latin1'));
    w.write(marker);
  }
  assert.ok(refused > 0, 'a peer that does not read must cause backpressure');
  assert.equal(socket.writableLength, 0, 'the bytes wait in libuv, not in the Writable');
  const drained = once(socket, 'drain');
  peer.release();
  await drained;
  // After the drain, a plain socket.write and end() follow the queued bytes.
  socket.write('tail');
  expected.push(Buffer.from('tail'));
  socket.end();
  const got = await peer.received;
  assert.equal(got.length, Buffer.concat(expected).length);
  assert.ok(got.equals(Buffer.concat(expected)), 'bytes arrive in the order written');
  peer.close();
});

test('a socket destroyed with writes still queued closes without an error escaping', async () => {
  const peer = await slowReader();
  const socket = net.connect(peer.port, '127.0.0.1');
  await once(socket, 'connect');
  socket.on('error', () => {});
  const w = new SocketWriter(socket);
  for (let i = 0; i < 100; i++) w.write(Buffer.alloc(64 * 1024, 1));
  socket.destroy();
  await once(socket, 'close');
  assert.equal(w.write('after'), false);
  peer.release();
  peer.close();
});

test('writes while the Writable holds bytes go through it, in order', async () => {
  const peer = await slowReader();
  const socket = net.connect(peer.port, '127.0.0.1');
  // Still connecting: the Writable holds these, and the writer must queue behind them.
  socket.write('first,');
  const w = new SocketWriter(socket);
  w.write('second,');
  await once(socket, 'connect');
  w.write(Buffer.from('third'));
  socket.end();
  peer.release();
  assert.equal((await peer.received).toString(), 'first,second,third');
  peer.close();
});
