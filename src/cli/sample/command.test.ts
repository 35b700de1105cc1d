/** `sextant sample`: usage errors, and httpbin serving until interrupted. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { main } from '../main.ts';
import type { CliIO } from '../command.ts';

function io(): CliIO & { out: string; err: string } {
  const o = { out: '', err: '', cwd: process.cwd(), readStdin: () => new Uint8Array(), stdout: (t: string) => void (o.out += t), stderr: (t: string) => void (o.err += t) };
  return o;
}

test('usage errors exit 2', async () => {
  const a = io();
  assert.equal(await main(['sample', 'nginx', '--port', '1'], a), 2);
  assert.match(a.err, /the only sample is "httpbin"/);
  const b = io();
  assert.equal(await main(['sample', 'httpbin'], b), 2);
  assert.match(b.err, /--port is required/);
});

test('sample httpbin serves until SIGINT', async () => {
  const o = io();
  const run = main(['sample', 'httpbin', '--port', '0', '--version', 'v3'], o);
  for (let i = 0; i < 100 && !o.out.includes('listening'); i++) await new Promise((r) => setTimeout(r, 10));
  const port = Number(/:(\d+)\n/.exec(o.out)![1]);
  const r = await fetch(`http://127.0.0.1:${port}/ip`);
  assert.equal(r.headers.get('x-sextant-version'), 'v3');
  await r.text();
  process.emit('SIGINT');
  assert.equal(await run, 0);
});
