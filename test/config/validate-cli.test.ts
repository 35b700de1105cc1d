/**
 * `sextant validate` end to end: in-process through main() with a captured CLI I/O, and as a real
 * child process (`node bin/sextant.mjs validate ...`). Checks the `Error: FILE:LINE:COL: Kind ns/name:
 * message` lines, the summary line, JSON output, exit codes (0 warnings only, 1 errors, 2 usage) and
 * `-` for standard input. Seed fixtures double as inputs.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { CliIO } from '../../src/cli/command.ts';
import { main } from '../../src/cli/main.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SEEDS = join(ROOT, 'test', 'seeds');
const TYPO = join(SEEDS, '003', 'request-authn-jwt.yaml');
const DOUBLED_SPEC = join(SEEDS, '001', 'virtualservice-gateways.yaml');
const V1ALPHA3_GATEWAY = join(SEEDS, '002', 'gateway.yaml');

const GATEWAY = 'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: gw\nspec:\n  servers:\n  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["example.com"]\n';

interface Run {
  code: number;
  out: string;
  err: string;
}

async function run(args: string[], stdin = ''): Promise<Run> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => (out += t), stderr: (t) => (err += t), readStdin: () => new TextEncoder().encode(stdin), cwd: ROOT };
  const code = await main(args, io);
  return { code, out, err };
}

const lines = (s: string): string[] => s.split('\n').filter((l) => l !== '');

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'sextant-cli-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('sextant validate (in process)', () => {
  test('errors: one line per problem in istioctl style, a summary, exit 1', async () => {
    const r = await run(['validate', TYPO]);
    assert.equal(r.code, 1);
    assert.equal(r.err, '');
    assert.deepEqual(lines(r.out), [
      `Error: ${TYPO}:12:7: RequestAuthentication default/foo-request-authentication-jwt: unknown field "forwardOriginalTolen" in spec.jwtRules[0] (did you mean "forwardOriginalToken"?)`,
      '1 file(s), 1 valid resource(s): 1 error(s), 0 warning(s)',
    ]);
  });

  test('the doubled spec of seed 001 is an error at the second key', async () => {
    const r = await run(['validate', DOUBLED_SPEC]);
    assert.equal(r.code, 1);
    assert.match(r.out, new RegExp(`^Error: ${DOUBLED_SPEC.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:6:1: VirtualService default/httpbin-virtual-service: duplicate key "spec" \\(first defined at line 5\\)`, 'm'));
  });

  test('warnings alone exit 0 and are printed as Warning lines', async () => {
    const r = await run(['validate', V1ALPHA3_GATEWAY]);
    assert.equal(r.code, 0, r.out);
    const out = lines(r.out);
    assert.match(out[0], new RegExp(`^Warning: .*gateway\\.yaml:1:1: Gateway my-app/my-gateway: .*v1alpha3`));
    assert.equal(out.at(-1), '1 file(s), 1 valid resource(s): 0 error(s), 1 warning(s)');
  });

  test('-n sets the namespace of resources that name none', async () => {
    const r = await run(['validate', '-n', 'shop', TYPO]);
    assert.match(r.out, /RequestAuthentication shop\/foo-request-authentication-jwt:/);
  });

  test('-o json lists the same diagnostics with their fields', async () => {
    const r = await run(['validate', '-o', 'json', TYPO, V1ALPHA3_GATEWAY]);
    assert.equal(r.code, 1);
    const j = JSON.parse(r.out);
    assert.equal(j.files, 2);
    assert.equal(j.resources, 2);
    assert.equal(j.errors, 1);
    assert.equal(j.warnings, 1);
    const typo = j.diagnostics.find((d: { severity: string }) => d.severity === 'Error');
    assert.deepEqual(typo, {
      severity: 'Error',
      message: 'unknown field "forwardOriginalTolen" in spec.jwtRules[0] (did you mean "forwardOriginalToken"?)',
      file: TYPO,
      line: 12,
      col: 7,
      kind: 'RequestAuthentication',
      namespace: 'default',
      name: 'foo-request-authentication-jwt',
      path: 'spec.jwtRules[0].forwardOriginalTolen',
    });
    const warning = j.diagnostics.find((d: { severity: string }) => d.severity === 'Warning');
    assert.equal(warning.kind, 'Gateway');
    assert.equal(warning.line, 1);
  });

  test('diagnostics are sorted by file, line and column', async () => {
    const r = await run(['validate', '-o', 'json', join(SEEDS, '003', 'dr-lb-locality.yaml')]);
    const pos = JSON.parse(r.out).diagnostics.map((d: { line: number; col: number }) => [d.line, d.col]);
    assert.deepEqual(pos, [...pos].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
    assert.ok(pos.length >= 3);
  });

  test('`-` reads standard input', async () => {
    const ok = await run(['validate', '-'], GATEWAY);
    assert.equal(ok.code, 0, ok.out);
    assert.deepEqual(lines(ok.out), ['1 file(s), 1 valid resource(s): 0 error(s), 0 warning(s)']);
    const bad = await run(['validate', '-'], GATEWAY.replace('number: 80', 'number: 0'));
    assert.equal(bad.code, 1);
    assert.match(bad.out, /^Error: <stdin>:7:\d+: Gateway default\/gw: .*port/m);
  });

  test('directories are validated recursively', async () => {
    writeFileSync(join(dir, 'gw.yaml'), GATEWAY);
    writeFileSync(join(dir, 'vs.yaml'), 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: vs}\nspec:\n  hosts: [a.example.com]\n  http:\n  - route:\n    - destination: {host: a}\n');
    const r = await run(['validate', dir]);
    assert.equal(r.code, 0, r.out);
    assert.equal(lines(r.out).at(-1), '2 file(s), 2 valid resource(s): 0 error(s), 0 warning(s)');
  });

  test('a missing file is an error naming it', async () => {
    const missing = join(dir, 'missing.yaml');
    const r = await run(['validate', missing]);
    assert.equal(r.code, 1);
    assert.match(r.out, new RegExp(`^Error: ${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot read: no such file or directory$`, 'm'));
  });

  test('usage errors exit 2 with the usage line on stderr', async () => {
    for (const args of [['validate'], ['validate', '-o', 'yaml', TYPO], ['validate', '--bogus', TYPO], ['no-such-command']]) {
      const r = await run(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.out, '', args.join(' '));
      assert.match(r.err, /Usage: sextant/, args.join(' '));
    }
  });

  test('--help prints the usage and exits 0', async () => {
    const r = await run(['validate', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.out, /Usage: sextant validate \[-o text\|json\]/);
  });
});

describe('sextant validate (child process)', () => {
  /** Runs `node bin/sextant.mjs ...args` with `input` on stdin; resolves when the child has exited. */
  const sextant = (args: string[], input?: string): Promise<{ status: number | null; stdout: string; stderr: string }> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [join(ROOT, 'bin', 'sextant.mjs'), ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.on('error', reject);
      child.on('close', (status) => {
        clearTimeout(timer);
        resolve({ status, stdout, stderr });
      });
      child.stdin.end(input ?? '');
    });

  test('exit codes 1 and 0, istioctl-style lines, JSON for stdin input (two real processes, run together)', async () => {
    const [errors, valid] = await Promise.all([sextant(['validate', TYPO]), sextant(['validate', '-o', 'json', '-'], GATEWAY)]);

    assert.equal(errors.status, 1, errors.stderr);
    assert.match(errors.stdout, /^Error: .*request-authn-jwt\.yaml:12:7: RequestAuthentication default\/foo-request-authentication-jwt: unknown field "forwardOriginalTolen"/m);
    assert.match(errors.stdout, /^1 file\(s\), 1 valid resource\(s\): 1 error\(s\), 0 warning\(s\)$/m);

    assert.equal(valid.status, 0, valid.stderr);
    const j = JSON.parse(valid.stdout);
    assert.deepEqual({ files: j.files, resources: j.resources, errors: j.errors, warnings: j.warnings, diagnostics: j.diagnostics }, { files: 1, resources: 1, errors: 0, warnings: 0, diagnostics: [] });
  });
});
