/**
 * `npm start`'s promise: the demo starts, and every curl command it prints works as printed
 * (seed 001's routing to v2 and blackhole 404, seed 002's 426, seed 000's two FQDNs over TLS by SNI,
 * metrics, proxy-config). Uses the demo's fixed loopback ports, so it runs as one test file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startDemo } from '../../src/bootstrap/demo.ts';

const sh = promisify(execFile);
const hasCurl = await sh('sh', ['-c', 'command -v curl']).then(() => true, () => false);

const EXPECT: RegExp[] = [
  /"Host": "httpbin\.local"[\s\S]*"version": "v2"/,
  /^404$/m,
  /^426$/m,
  /"Host": "my-app1\.example\.com"[\s\S]*"version": "my-app1"/,
  /"Host": "my-app2\.example\.com"[\s\S]*"version": "my-app2"/,
  /istio_requests_total\{[^}]*destination_service="httpbin-service\.default\.svc\.cluster\.local"/,
  /"name": "httpbin\.local:80"[\s\S]*outbound\|80\|v2\|httpbin-service\.default\.svc\.cluster\.local/,
];

test('the demo serves the quickstart and every printed command works', { skip: hasCurl ? false : 'curl is not installed', timeout: 90_000 }, async () => {
  const lines: string[] = [];
  const demo = await startDemo({ proxy: { adminPort: 0, statsPort: 0, readinessPort: 0, accessLog: 'off', bindAddress: '127.0.0.1' }, log: (l) => lines.push(l) });
  try {
    assert.equal(demo.first.accepted, true, lines.join('\n'));
    assert.equal(demo.commands.length, EXPECT.length);
    for (let i = 0; i < demo.commands.length; i++) {
      const { stdout } = await sh('sh', ['-c', demo.commands[i]], { timeout: 30_000, cwd: process.cwd() });
      assert.match(stdout, EXPECT[i], `command ${i + 1}: ${demo.commands[i]}\n${stdout}`);
    }
  } finally {
    await demo.stop();
  }
});
