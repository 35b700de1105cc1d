/** `sextant x explain` as a command: JSON output, request options, and usage errors (exit 2). */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../../src/cli/main.ts';
import type { ExplainResult } from '../../src/explain/index.ts';
import { FIX } from './helpers.ts';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['x', ...args], { stdout: (t) => void (out += t), stderr: (t) => void (err += t), readStdin: () => new Uint8Array(), cwd: process.cwd() });
  return { code, out, err };
}

const CONFIG = ['--config', join(FIX, 'seed-001'), '--config', join(FIX, 'seed-001-steps', 'fixed'), '--labels', 'istio=ingressgateway'];

test('-o json: the ExplainResult with the request as given (-X, -H, --port)', async () => {
  const r = await run(['explain', ...CONFIG, '-o', 'json', '-X', 'post', '-H', 'X-Trace: abc', '-H', 'Host: httpbin.local', '--port', '80', 'http://127.0.0.1/anything?x=1']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out) as ExplainResult;
  assert.deepEqual(j.request, { method: 'POST', scheme: 'http', authority: 'httpbin.local', host: '127.0.0.1', port: 80, path: '/anything?x=1', headers: { 'x-trace': 'abc' } });
  assert.equal(j.proxy.type, 'router');
  assert.equal(j.outcome.kind, 'forward');
  assert.equal(j.outcome.cluster, 'outbound|80|v2|httpbin-service.default.svc.cluster.local');
  assert.equal(j.steps.find((s) => s.stage === 'route')?.source?.line, 15);
});

test('usage errors exit 2 with the reason', async () => {
  const cases: [string[], RegExp][] = [
    [['explain', '--labels', 'istio=ingressgateway', 'http://x/'], /needs --config/],
    [['explain', '--config', FIX, 'http://x/'], /needs --labels/],
    [['explain', ...CONFIG], /exactly one URL/],
    [['explain', ...CONFIG, '--port', '99999', 'http://x/'], /--port must be a port number/],
    [['explain', ...CONFIG, '-H', 'no-colon', 'http://x/'], /is not of the form "Name: value"/],
    [['explain', ...CONFIG, 'ftp://x/'], /scheme "ftp" is not supported/],
    [['nope'], /unknown sub-command "x nope"/],
    [[], /x needs a sub-command: explain/],
  ];
  for (const [args, re] of cases) {
    const r = await run(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.err, re);
  }
});
